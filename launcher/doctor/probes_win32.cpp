// The host probes of --doctor on Windows: the driver through LoadLibraryExW("nvcuda.dll")
// from System32 and cuDriverGetVersion; no loader cache (DLLs are found through PATH,
// docs/design.md, "Who reads which variable"); tools through `--version`.
#include "doctor/probes.hpp"
#include "utf16_win32.hpp"
#include "windows_api.hpp"

#include <cstring>

namespace rwc {

namespace {

/// Owns a LoadLibraryExW() module handle.
class Module {
  public:
    explicit Module(const wchar_t* name) : m_module(LoadLibraryExW(name, nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32)) {}
    ~Module()
    {
        if (m_module) {
            FreeLibrary(m_module);
        }
    }
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;

    HMODULE handle() const noexcept { return m_module; }

  private:
    HMODULE m_module;
};

DriverInfo probe_driver()
{
    DriverInfo info{"nvcuda.dll", false, 0, {}};
    const Module module(L"nvcuda.dll");
    if (!module.handle()) {
        info.error = "LoadLibraryExW(nvcuda.dll): " + windows_error_text(GetLastError());
        return info;
    }
    const FARPROC symbol = GetProcAddress(module.handle(), "cuDriverGetVersion");
    DriverGetVersion get_version = nullptr;
    static_assert(sizeof(get_version) == sizeof(symbol), "one pointer size");
    std::memcpy(&get_version, &symbol, sizeof(symbol));
    read_driver_version(get_version, info);
    return info;
}

} // namespace

HostProbes host_probes()
{
    return {probe_driver, [] { return std::vector<LoaderCacheEntry>{}; }, probe_tool_version};
}

bool stdout_is_terminal()
{
    // A console: enable ANSI sequences (Windows 10 1511+); where that fails, no colour.
    const HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode = 0;
    if (out == INVALID_HANDLE_VALUE || !GetConsoleMode(out, &mode)) {
        return false;
    }
    return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
           SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

} // namespace rwc
