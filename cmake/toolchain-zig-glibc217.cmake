# The Linux binary for the manylinux_2_17 wheel: Zig's bundled clang, libc++ and glibc
# stubs (`zig c++ -target x86_64-linux-gnu.2.17`, Zig's documented cross-compilation
# targets), so the binary needs only symbol versions of glibc 2.17 or older and carries
# libc++, libc++abi and libunwind statically.
#
#   cmake -S . -B build/manylinux -G Ninja --toolchain cmake/toolchain-zig-glibc217.cmake
#
# Zig comes from the `ziglang` package (PyPI): RWC_ZIG names the zig executable; else the
# one of `ziglang` importable by Python3_EXECUTABLE (scikit-build-core passes its build
# environment's interpreter, where pyproject.toml's build requirements put ziglang), by
# python3 on PATH, or zig on PATH. Libraries are built with the same toolchain
# (cmake/RwcCrossDependencies.cmake): never Debian's libstdc++-built Boost.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(RWC_ZIG_TARGET x86_64-linux-gnu.2.17 CACHE STRING "zig -target for the Linux binary")

if(NOT RWC_ZIG)
  foreach(_rwc_python IN ITEMS "${Python3_EXECUTABLE}" "${Python_EXECUTABLE}" python3)
    if(_rwc_python)
      execute_process(
        COMMAND "${_rwc_python}" -c "import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), 'zig'))"
        OUTPUT_VARIABLE _rwc_zig OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rwc_rc)
      if(_rwc_rc EQUAL 0 AND EXISTS "${_rwc_zig}")
        set(RWC_ZIG "${_rwc_zig}" CACHE FILEPATH "The zig executable")
        break()
      endif()
    endif()
  endforeach()
endif()
if(NOT RWC_ZIG)
  find_program(RWC_ZIG zig)
endif()
if(NOT RWC_ZIG)
  message(FATAL_ERROR "No zig found: pip install ziglang (PyPI), or set RWC_ZIG")
endif()

# CMake needs one executable per tool: small wrappers around `zig cc/c++/ar/ranlib`.
# try_compile projects re-read this file and write the same wrappers in their own folder.
set(_rwc_wrappers "${CMAKE_BINARY_DIR}/zig-toolchain")
foreach(_rwc_tool IN ITEMS cc c++ ar ranlib)
  set(_rwc_args "${_rwc_tool}")
  if(_rwc_tool MATCHES "^c")
    set(_rwc_args "${_rwc_tool} -target ${RWC_ZIG_TARGET}")
  endif()
  file(CONFIGURE OUTPUT "${_rwc_wrappers}/zig-${_rwc_tool}"
       CONTENT "#!/bin/sh\nexec \"${RWC_ZIG}\" ${_rwc_args} \"$@\"\n")
  file(CHMOD "${_rwc_wrappers}/zig-${_rwc_tool}"
       PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CMAKE_C_COMPILER "${_rwc_wrappers}/zig-cc")
set(CMAKE_CXX_COMPILER "${_rwc_wrappers}/zig-c++")
set(CMAKE_AR "${_rwc_wrappers}/zig-ar" CACHE FILEPATH "Archiver")
set(CMAKE_RANLIB "${_rwc_wrappers}/zig-ranlib" CACHE FILEPATH "Ranlib")
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES RWC_ZIG RWC_ZIG_TARGET)

# Headers and libraries of this target only; programs (python3, strip) from the host.
set(CMAKE_FIND_ROOT_PATH "${_rwc_wrappers}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# The binary runs on the build host (glibc is backward compatible): tests need no emulator.
set(RWC_BUNDLED_DEPS ON)
