# toml++ 3.4 for every build (native, MinGW-w64, the wheel's Zig build): the headers of
# Debian 13's libtomlplusplus-dev, downloaded into the build folder with apt-get and a
# private source list for trixie (cmake/fetch-debian-source.sh --binary; nothing vendored,
# nothing installed), because Debian 12 ships 3.3, whose parser has the undefined behaviour
# that launcher/toml_guard.cpp once had to keep away (docs/design.md, "Dependencies and
# build"). Only headers are used: launcher/toml_impl.cpp compiles the library once.
# Defines tomlplusplus::tomlplusplus (an -isystem folder searched before /usr/include,
# where a Debian 12 libtomlplusplus-dev may still put 3.3).

set(RWC_TOMLPLUSPLUS_DIR "" CACHE PATH
  "A folder holding toml++/toml.hpp of toml++ >= 3.4 to use instead of downloading Debian 13's \
libtomlplusplus-dev; empty: download it into the build folder")
set(RWC_TOMLPLUSPLUS_DEBIAN_VERSION "3.4.0+ds-0.2+b1" CACHE STRING
  "The libtomlplusplus-dev version of Debian 13 (trixie) to download (the newest of trixie when it is gone)")

if(RWC_TOMLPLUSPLUS_DIR)
  set(_rwc_toml_include "${RWC_TOMLPLUSPLUS_DIR}")
else()
  set(RWC_DEBIAN_SOURCE_CACHE "${CMAKE_BINARY_DIR}/_deps/debian-source" CACHE PATH
    "Where Debian packages are downloaded and kept (Boost's source for the cross builds, toml++ for every build)")
  set(_rwc_toml_unpacked "${CMAKE_BINARY_DIR}/_deps/tomlplusplus")
  if(NOT EXISTS "${_rwc_toml_unpacked}/.complete")
    message(STATUS "Fetching toml++: Debian 13's libtomlplusplus-dev ${RWC_TOMLPLUSPLUS_DEBIAN_VERSION}")
  endif()
  # trixie's lists in a folder of their own, so the bookworm lists of the Boost source stay.
  execute_process(
    COMMAND "${CMAKE_CURRENT_LIST_DIR}/fetch-debian-source.sh" --binary --suite trixie
      libtomlplusplus-dev "${RWC_TOMLPLUSPLUS_DEBIAN_VERSION}"
      "${RWC_DEBIAN_SOURCE_CACHE}/trixie" "${_rwc_toml_unpacked}" "usr/include/toml++"
    RESULT_VARIABLE _rwc_toml_fetch_result)
  if(NOT _rwc_toml_fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch Debian 13's libtomlplusplus-dev (cmake/fetch-debian-source.sh "
      "failed); set RWC_TOMLPLUSPLUS_DIR to a folder holding toml++/toml.hpp of toml++ 3.4")
  endif()
  set(_rwc_toml_include "${_rwc_toml_unpacked}/usr/include")
endif()

# The version the headers declare (toml++/impl/version.hpp): 3.x with x >= 4.
set(_rwc_toml_version_file "${_rwc_toml_include}/toml++/impl/version.hpp")
if(NOT EXISTS "${_rwc_toml_version_file}")
  message(FATAL_ERROR "${_rwc_toml_version_file} is missing: not toml++ 3.4 or later "
    "(3.3, Debian 12's, names it impl/version.h)")
endif()
file(STRINGS "${_rwc_toml_version_file}" _rwc_toml_version_lines REGEX "^#define TOML_LIB_(MAJOR|MINOR|PATCH) ")
foreach(_rwc_part IN ITEMS MAJOR MINOR PATCH)
  string(REGEX REPLACE ".*#define TOML_LIB_${_rwc_part} ([0-9]+).*" "\\1" _rwc_toml_${_rwc_part}
    "${_rwc_toml_version_lines}")
endforeach()
set(RWC_TOMLPLUSPLUS_VERSION "${_rwc_toml_MAJOR}.${_rwc_toml_MINOR}.${_rwc_toml_PATCH}")
if(NOT _rwc_toml_MAJOR EQUAL 3 OR _rwc_toml_MINOR LESS 4)
  message(FATAL_ERROR "toml++ ${RWC_TOMLPLUSPLUS_VERSION} in ${_rwc_toml_include}: 3.4 or a later 3.x is needed")
endif()
message(STATUS "toml++ ${RWC_TOMLPLUSPLUS_VERSION}: ${_rwc_toml_include}")

# Not Debian's shared-library mode (TOML_SHARED_LIB would mean dllimport on Windows): the
# launcher compiles toml++ once itself (launcher/toml_impl.cpp).
add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
set_target_properties(tomlplusplus::tomlplusplus PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_rwc_toml_include}")
