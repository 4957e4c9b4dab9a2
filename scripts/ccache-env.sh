# Sourced by scripts/test.sh, scripts/test-latest.sh and scripts/demo.sh: compiles through
# ccache (Debian's package, which scripts/install-deps.sh installs), so that a second run, from
# any clone on this machine, rebuilds the presets from ccache's store (~/.cache/ccache) instead
# of compiling again. CCACHE_BASEDIR makes the hashed paths relative to the clone, and
# CCACHE_NOHASHDIR leaves the build folder's absolute path out of the hash of -g compiles:
# clones at other paths share the entries. CMake reads CMAKE_<LANG>_COMPILER_LAUNCHER from the
# environment at a build folder's first configure (CMake 3.17 and later).
if command -v ccache >/dev/null 2>&1; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
fi
