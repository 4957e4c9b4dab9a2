// rwc_win32_standin.dll: an empty DLL, copied under CUDA's DLL names (cudart64_12.dll, ...)
// into fixture venvs, so a test can see which copy LoadLibraryW finds.
#include "windows_api.hpp"

extern "C" __declspec(dllexport) int rwc_standin_marker()
{
    return 42;
}

BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID)
{
    return TRUE;
}
