# Cross-compiling run-with-cuda.exe on Debian with MinGW-w64 (docs/design.md, "The Windows build (MinGW-w64 and Wine)"); scripts/wine-setup.sh installs the compilers and Wine.
#
#   cmake -S . -B build/mingw -G Ninja --toolchain cmake/toolchain-mingw64.cmake
#
# The -posix compilers are named explicitly: the default alternative is the win32 thread
# model, which lacks std::thread, std::mutex and std::promise in GCC 12, and Boost.Process
# does not compile with it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(RWC_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${RWC_MINGW_TRIPLET}-gcc-posix)
set(CMAKE_CXX_COMPILER ${RWC_MINGW_TRIPLET}-g++-posix)
set(CMAKE_RC_COMPILER ${RWC_MINGW_TRIPLET}-windres)
set(CMAKE_AR ${RWC_MINGW_TRIPLET}-gcc-ar-posix CACHE FILEPATH "Archiver")
set(CMAKE_RANLIB ${RWC_MINGW_TRIPLET}-gcc-ranlib-posix CACHE FILEPATH "Ranlib")

# Libraries and headers come from the MinGW sysroot only; programs from the build host.
# Never /usr/include: glibc's headers break MinGW (bits/wordsize.h).
set(CMAKE_FIND_ROOT_PATH /usr/${RWC_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Static .exe files: they import only KERNEL32, msvcrt and other system DLLs, so they run
# from any folder (and under Wine) without libstdc++-6.dll or libwinpthread-1.dll.
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

# ctest and gtest_discover_tests run the .exe files through Wine, with a prefix inside the
# build folder (cmake/wine-run.sh; start it first with scripts/wine-setup.sh start).
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
