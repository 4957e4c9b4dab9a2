// The host probes of --doctor on Linux: the driver through dlopen("libcuda.so.1") and
// cuDriverGetVersion, the ld.so cache through `ldconfig -p`, tools through `--version`.
#include "doctor/probes.hpp"
#include "program_output.hpp"

#include <boost/filesystem/operations.hpp>

#include <cstring>
#include <dlfcn.h>
#include <unistd.h>

namespace rwc {

namespace {

/// Owns a dlopen() handle.
class SharedLibrary {
  public:
    explicit SharedLibrary(const char* name) : m_handle(dlopen(name, RTLD_NOW | RTLD_LOCAL)) {}
    ~SharedLibrary()
    {
        if (m_handle) {
            dlclose(m_handle);
        }
    }
    SharedLibrary(const SharedLibrary&) = delete;
    SharedLibrary& operator=(const SharedLibrary&) = delete;

    void* handle() const noexcept { return m_handle; }

  private:
    void* m_handle;
};

DriverInfo probe_driver()
{
    DriverInfo info{"libcuda.so.1", false, 0, {}};
    const SharedLibrary library(info.library.c_str());
    if (!library.handle()) {
        const char* text = dlerror();
        info.error = text ? text : "dlopen failed";
        return info;
    }
    void* symbol = dlsym(library.handle(), "cuDriverGetVersion");
    DriverGetVersion get_version = nullptr;
    static_assert(sizeof(get_version) == sizeof(symbol), "POSIX: function and object pointers have one size");
    std::memcpy(&get_version, &symbol, sizeof(symbol));
    read_driver_version(get_version, info);
    return info;
}

/// `ldconfig -p` (glibc prints the cache /etc/ld.so.cache); empty when there is no ldconfig.
std::vector<LoaderCacheEntry> probe_loader_cache()
{
    for (const char* ldconfig : {"/sbin/ldconfig", "/usr/sbin/ldconfig"}) {
        boost::system::error_code ec;
        if (!boost::filesystem::is_regular_file(ldconfig, ec)) {
            continue;
        }
        if (const auto output = run_for_output(ldconfig, {"-p"}, std::chrono::seconds(2))) {
            return parse_ldconfig_output(*output);
        }
        return {};
    }
    return {};
}

} // namespace

HostProbes host_probes()
{
    return {probe_driver, probe_loader_cache, probe_tool_version};
}

bool stdout_is_terminal()
{
    return isatty(STDOUT_FILENO) == 1;
}

} // namespace rwc
