# Third-party libraries, all from Debian's packages (docs/design.md, "Dependencies and build").
# The release binary links Boost.Filesystem statically, fmt header-only and toml++ compiled
# once in launcher/toml_impl.cpp, so it depends only on the C library.
include(RwcTomlPlusPlus) # toml++ 3.4 from Debian 13, for every build
if(CMAKE_CROSSCOMPILING)
  # Cross builds (MinGW-w64; Zig for glibc 2.17): Debian's CMake configs add -I/usr/include
  # and its libraries are built for the host's libstdc++ and glibc, so
  # RwcCrossDependencies.cmake builds the targets with the cross toolchain.
  include(RwcCrossDependencies)
  return()
endif()
set(Boost_USE_STATIC_LIBS ON)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(fmt 9 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
