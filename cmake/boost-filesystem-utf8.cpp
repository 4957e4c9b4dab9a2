// Compiled into every Windows executable that links Boost::filesystem in the MinGW build
// (an INTERFACE source of that target, cmake/RwcCrossDependencies.cmake): narrow strings
// in boost::filesystem::path are UTF-8, as everywhere else in the launcher.
//
// Boost.Filesystem otherwise converts them with the ANSI code page on Windows, so a UTF-8
// path such as "C:\\中文\\python.exe" given to path, or returned by path::string(), would
// be mangled: the same trap as Boost.Process's narrow strings (docs/design.md, "The Windows build (MinGW-w64 and
// Wine)"). Wide APIs still get the exact UTF-16 path (path::wstring(), path::c_str()).
#include <boost/filesystem/detail/utf8_codecvt_facet.hpp>
#include <boost/filesystem/path.hpp>

#include <locale>

namespace {

// Runs before main(); path_locale() is a function-local static, so no order problem.
const bool k_boost_paths_are_utf8 = [] {
    boost::filesystem::path::imbue(std::locale(std::locale(), new boost::filesystem::detail::utf8_codecvt_facet));
    return true;
}();

} // namespace
