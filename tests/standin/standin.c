/* A stand-in for one NVIDIA shared library: built once per soname (RWC_STANDIN_SONAME)
 * with -Wl,-soname set to it, so the loader treats it as the real library. It exports two
 * functions that let a test ask a loaded copy who it is and where it was loaded from. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>

#ifndef RWC_STANDIN_SONAME
#error "RWC_STANDIN_SONAME must name the soname this stand-in is built for"
#endif

/* Hidden, so that dladdr() below always finds this copy, never another stand-in's. */
static const char k_soname[] = RWC_STANDIN_SONAME;

/* Returns the soname this copy was built for (a static string). */
__attribute__((visibility("default"))) const char* rwc_standin_identity(void)
{
    return k_soname;
}

/* Returns the path the loader opened this copy from (dladdr's dli_fname), "" if unknown. */
__attribute__((visibility("default"))) const char* rwc_standin_path(void)
{
    Dl_info info;
    if (dladdr((const void*)k_soname, &info) == 0 || info.dli_fname == NULL) {
        return "";
    }
    return info.dli_fname;
}
