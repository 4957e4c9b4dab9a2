// rwc_win32_loader_child.exe: loads a DLL one of three ways, the way a Python process does
// (docs/windows-dll-loading.md), and exits 0 when it loaded, else with GetLastError (126:
// a module, or a DLL it imports, was not found). Usage: loader_child MODE [hook]
//   ext     LoadLibraryExW(RWC_LOADER_EXT, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS |
//           LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR): an extension module (Python/dynload_win.c)
//   ctypes  LoadLibraryExW(L"cudart64_12.dll", LOAD_LIBRARY_SEARCH_DEFAULT_DIRS):
//           ctypes.CDLL(name) on Python 3.8+ (Lib/ctypes/__init__.py)
//   plain   LoadLibraryW(L"cudart64_12.dll"): native code, the standard search with PATH
// With "hook", first AddDllDirectory for each existing folder of RUN_WITH_CUDA_DLL_DIRS,
// in order, handles kept, as packaging/hook/_run_with_cuda_dll_dirs.py does. Each run does
// one load, so nothing loaded earlier can satisfy a later one.
#include "windows_api.hpp"

#include <string>
#include <vector>

namespace {

/// The value of a variable, or "" when unset.
std::wstring variable(const wchar_t* name)
{
    const DWORD n = GetEnvironmentVariableW(name, nullptr, 0);
    std::wstring value(n, L'\0');
    value.resize(n ? GetEnvironmentVariableW(name, value.data(), n) : 0);
    return value;
}

/// The hook's work: os.add_dll_directory (AddDllDirectory) for each existing folder.
std::vector<DLL_DIRECTORY_COOKIE> apply_hook()
{
    std::vector<DLL_DIRECTORY_COOKIE> handles;
    const std::wstring list = variable(L"RUN_WITH_CUDA_DLL_DIRS");
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(L';', start);
        end = end == std::wstring::npos ? list.size() : end;
        const std::wstring folder = list.substr(start, end - start);
        const DWORD attributes = folder.empty() ? INVALID_FILE_ATTRIBUTES : GetFileAttributesW(folder.c_str());
        if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
            if (DLL_DIRECTORY_COOKIE cookie = AddDllDirectory(folder.c_str())) {
                handles.push_back(cookie);
            }
        }
        start = end + 1;
    }
    return handles;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        return 2;
    }
    const std::string mode = argv[1];
    std::vector<DLL_DIRECTORY_COOKIE> handles;
    if (argc > 2 && std::string(argv[2]) == "hook") {
        handles = apply_hook();
    }
    HMODULE module = nullptr;
    if (mode == "ext") {
        module = LoadLibraryExW(variable(L"RWC_LOADER_EXT").c_str(), nullptr,
                                LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR);
    } else if (mode == "ctypes") {
        module = LoadLibraryExW(L"cudart64_12.dll", nullptr, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
    } else if (mode == "plain") {
        module = LoadLibraryW(L"cudart64_12.dll");
    } else {
        return 2;
    }
    return module ? 0 : static_cast<int>(GetLastError());
}
