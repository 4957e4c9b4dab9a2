# Third-party libraries for the cross builds, MinGW-w64 and Zig for glibc 2.17 (included by
# RwcDependencies.cmake when CMAKE_CROSSCOMPILING). Defines the same imported targets that the native
# build gets from find_package, from Debian's own packages (docs/design.md,
# "The Windows build (MinGW-w64 and Wine)"):
#   fmt::fmt-header-only, nlohmann_json::nlohmann_json,
#   Boost::headers   header-only, through -isystem on a folder of symlinks
#                    (tomlplusplus::tomlplusplus: cmake/RwcTomlPlusPlus.cmake, for every build);
#   Boost::filesystem  compiled with the cross toolchain from Debian's boost source package, downloaded
#                    into the build folder once (nothing vendored in the repository);
#   GTest::gtest, GTest::gtest_main  from /usr/src/googletest (when RWC_BUILD_TESTS).
# Never -I/usr/include: glibc's headers break MinGW (bits/wordsize.h), and Debian's CMake
# configs for fmt and toml++ add it, so they are not used here.

set(RWC_DEPS_DIR "${CMAKE_BINARY_DIR}/_deps")

# --- Header-only libraries: a staging folder of symlinks to Debian's headers -------------
set(RWC_HOST_INCLUDE_DIR /usr/include CACHE PATH
  "Where the build host's Debian packages put the headers of boost, fmt, nlohmann")
set(_rwc_stage "${RWC_DEPS_DIR}/mingw-include")
file(MAKE_DIRECTORY "${_rwc_stage}")
# A build folder configured before toml++ came from Debian 13 has a link to Debian 12's 3.3.
file(REMOVE "${_rwc_stage}/toml++")
foreach(_rwc_dir IN ITEMS boost fmt nlohmann)
  if(NOT EXISTS "${RWC_HOST_INCLUDE_DIR}/${_rwc_dir}")
    message(FATAL_ERROR "${RWC_HOST_INCLUDE_DIR}/${_rwc_dir} is missing: install Debian's "
      "libboost-dev, libfmt-dev and nlohmann-json3-dev")
  endif()
  file(CREATE_LINK "${RWC_HOST_INCLUDE_DIR}/${_rwc_dir}" "${_rwc_stage}/${_rwc_dir}" SYMBOLIC)
endforeach()

# Imported targets: their include folders are -isystem, so our warnings skip them.
add_library(fmt::fmt-header-only INTERFACE IMPORTED)
set_target_properties(fmt::fmt-header-only PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${_rwc_stage}"
  INTERFACE_COMPILE_DEFINITIONS FMT_HEADER_ONLY=1)

add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${_rwc_stage}")

# BOOST_ALL_NO_LIB: no MSVC auto-linking pragmas. __kernel_entry=: Boost.Process v1 (1.74)
# uses this SAL annotation, which MinGW's headers do not define (docs/design.md, "The Windows build (MinGW-w64 and Wine)").
# ws2_32/mswsock: Boost.Asio, which Boost.Process's async pipes and timeouts use; a static
# link imports them only when referenced.
add_library(Boost::headers INTERFACE IMPORTED)
set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_rwc_stage}")
if(WIN32)
  set_target_properties(Boost::headers PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS "BOOST_ALL_NO_LIB;__kernel_entry="
    INTERFACE_LINK_LIBRARIES "ws2_32;mswsock")
else()
  # Zig's libc++ in C++17 mode has no std::unary_function (removed by C++17), which
  # Boost 1.74's container_hash uses unless Boost.Config's macro says it is absent.
  set_target_properties(Boost::headers PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS BOOST_NO_CXX98_FUNCTION_BASE)
endif()

# --- Boost.Filesystem, compiled with the cross toolchain -------------------------------------------------
# The source package matching the installed headers: boost/version.hpp's "1_74" names
# Debian's boost1.74 source package; the version is the installed -dev package's.
file(STRINGS "${RWC_HOST_INCLUDE_DIR}/boost/version.hpp" _rwc_boost_lib_version
  REGEX "^#define BOOST_LIB_VERSION \"[0-9_]+\"")
string(REGEX REPLACE ".*\"([0-9]+)_([0-9]+)\".*" "boost\\1.\\2" RWC_BOOST_SOURCE_PACKAGE
  "${_rwc_boost_lib_version}")
execute_process(
  COMMAND dpkg-query -W -f=\${source:Version} lib${RWC_BOOST_SOURCE_PACKAGE}-dev
  OUTPUT_VARIABLE RWC_BOOST_SOURCE_VERSION ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)

set(RWC_BOOST_SOURCE_DIR "" CACHE PATH
  "An unpacked Boost source tree (with libs/filesystem/src) to use instead of downloading \
Debian's source package; empty: download it into the build folder")
if(RWC_BOOST_SOURCE_DIR)
  set(_rwc_boost_src "${RWC_BOOST_SOURCE_DIR}")
else()
  # The download (about 60 MB) stays in _deps/debian-source, so re-configuring, or a fresh
  # build folder given the same RWC_DEBIAN_SOURCE_CACHE, does not download it again.
  set(RWC_DEBIAN_SOURCE_CACHE "${RWC_DEPS_DIR}/debian-source" CACHE PATH
    "Where Debian packages are downloaded and kept (Boost's source for the cross builds, toml++ for every build)")
  set(_rwc_boost_src "${RWC_DEPS_DIR}/${RWC_BOOST_SOURCE_PACKAGE}-filesystem")
  if(NOT EXISTS "${_rwc_boost_src}/.complete")
    message(STATUS "Fetching Boost.Filesystem sources: Debian source package "
      "${RWC_BOOST_SOURCE_PACKAGE} ${RWC_BOOST_SOURCE_VERSION}")
  endif()
  execute_process(
    COMMAND "${CMAKE_CURRENT_LIST_DIR}/fetch-debian-source.sh"
      "${RWC_BOOST_SOURCE_PACKAGE}" "${RWC_BOOST_SOURCE_VERSION}"
      "${RWC_DEBIAN_SOURCE_CACHE}" "${_rwc_boost_src}" "libs/filesystem/src/*"
    RESULT_VARIABLE _rwc_fetch_result)
  if(NOT _rwc_fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch the source of ${RWC_BOOST_SOURCE_PACKAGE} "
      "(cmake/fetch-debian-source.sh failed); set RWC_BOOST_SOURCE_DIR to a Boost source tree")
  endif()
endif()
file(GLOB _rwc_boost_fs_sources CONFIGURE_DEPENDS "${_rwc_boost_src}/libs/filesystem/src/*.cpp")
if(NOT _rwc_boost_fs_sources)
  message(FATAL_ERROR "No Boost.Filesystem sources in ${_rwc_boost_src}/libs/filesystem/src")
endif()

if(NOT WIN32)
  # Zig's glibc 2.17 headers declare sys/random.h but getrandom() only for glibc >= 2.25,
  # which unique_path.cpp assumes from __has_include; the launcher never calls unique_path.
  list(FILTER _rwc_boost_fs_sources EXCLUDE REGEX "/unique_path\\.cpp$")
endif()
# Debian's patches to boost1.74 touch libs/filesystem only for FreeBSD (UTIME_OMIT), so the
# upstream files are the ones Debian builds for Windows' purposes.
add_library(rwc_boost_filesystem STATIC ${_rwc_boost_fs_sources})
target_compile_definitions(rwc_boost_filesystem PUBLIC BOOST_FILESYSTEM_STATIC_LINK=1)
target_link_libraries(rwc_boost_filesystem PUBLIC Boost::headers)
target_compile_options(rwc_boost_filesystem PRIVATE -w)   # third-party code: no warnings
set_target_properties(rwc_boost_filesystem PROPERTIES OUTPUT_NAME boost_filesystem)
if(WIN32)
  # Every executable that links it treats narrow paths as UTF-8 (boost-filesystem-utf8.cpp).
  target_sources(rwc_boost_filesystem INTERFACE "${CMAKE_CURRENT_LIST_DIR}/boost-filesystem-utf8.cpp")
endif()
add_library(Boost::filesystem ALIAS rwc_boost_filesystem)

# --- GoogleTest, compiled for MinGW -------------------------------------------------------
if(RWC_BUILD_TESTS)
  set(RWC_GOOGLETEST_SOURCE_DIR /usr/src/googletest CACHE PATH
    "GoogleTest's source tree (Debian's googletest package)")
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  add_subdirectory("${RWC_GOOGLETEST_SOURCE_DIR}" "${RWC_DEPS_DIR}/googletest" EXCLUDE_FROM_ALL)
  # The names FindGTest and GTestConfig give (tests/CMakeLists.txt links to these);
  # googletest 1.12's own CMakeLists.txt already defines them as aliases.
  foreach(_rwc_gtest_target IN ITEMS gtest gtest_main)
    if(NOT TARGET GTest::${_rwc_gtest_target})
      add_library(GTest::${_rwc_gtest_target} ALIAS ${_rwc_gtest_target})
    endif()
  endforeach()
  # A package config for these targets, so tests/CMakeLists.txt's find_package(GTest 1.12)
  # works unchanged: FindGTest asks for a config first, and GTest_DIR points at this one.
  set(_rwc_gtest_config "${RWC_DEPS_DIR}/gtest-config")
  file(WRITE "${_rwc_gtest_config}/GTestConfig.cmake"
    "# GoogleTest built by this project for MinGW (cmake/RwcCrossDependencies.cmake).\n")
  file(STRINGS "${RWC_GOOGLETEST_SOURCE_DIR}/CMakeLists.txt" _rwc_gtest_version
    REGEX "GOOGLETEST_VERSION [0-9.]+")
  string(REGEX MATCH "[0-9]+\\.[0-9]+\\.[0-9]+" _rwc_gtest_version "${_rwc_gtest_version}")
  include(CMakePackageConfigHelpers)
  write_basic_package_version_file("${_rwc_gtest_config}/GTestConfigVersion.cmake"
    VERSION "${_rwc_gtest_version}" COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
  set(GTest_DIR "${_rwc_gtest_config}" CACHE PATH "GoogleTest's package config (cross build)" FORCE)
endif()
