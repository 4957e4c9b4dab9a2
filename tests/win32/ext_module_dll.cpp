// rwc_ext.pyd: a stand-in for a CUDA extension module (torch's _C.pyd, a cupy .pyd). It
// imports cudart64_12.dll at load time, so loading it fails with error 126 unless the
// loader's search reaches that DLL's folder (docs/windows-dll-loading.md).
#include "windows_api.hpp"

extern "C" __declspec(dllimport) int rwc_standin_marker();

/// The import that ties this module to cudart64_12.dll: returns the stand-in's 42.
extern "C" __declspec(dllexport) int rwc_ext_marker()
{
    return rwc_standin_marker();
}

BOOL WINAPI DllMain(HINSTANCE, DWORD, LPVOID)
{
    return TRUE;
}
