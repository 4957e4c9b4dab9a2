// rwc_win32_standin.dll: an empty DLL, copied under CUDA's DLL names (cudart64_12.dll, ...)
// into fixture venvs, so a test can see which copy LoadLibraryW finds.
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

extern "C" __declspec(dllexport) int rwc_standin_marker() { return 42; }

BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID) { return TRUE; }
