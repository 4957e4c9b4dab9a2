#!/usr/bin/env bash
# CMAKE_CROSSCOMPILING_EMULATOR of the MinGW build: runs a Windows program under Wine with
# the project's settings (docs/design.md, "The Windows build (MinGW-w64 and Wine)").
#
#   wine-run.sh PROGRAM.exe [ARGS...]
#
# The prefix is RWC_WINEPREFIX when set, else BUILD/wine-prefix, where BUILD is the nearest
# folder above PROGRAM that holds CMakeCache.txt (the same one scripts/wine-setup.sh start
# prepares). When its wineserver is not running yet (a first run, or the 600 s idle time
# passed), this starts a persistent one and boots the prefix with every standard stream on
# /dev/null first: Wine's background services inherit the streams of the process that
# starts them, and holding ctest's output pipe they can hang it for ten minutes.
set -euo pipefail

program=${1:?usage: wine-run.sh PROGRAM.exe [ARGS...]}

prefix=${RWC_WINEPREFIX:-}
if [ -z "$prefix" ]; then
    dir=$(cd "$(dirname "$program")" && pwd)
    while [ "$dir" != / ] && [ ! -f "$dir/CMakeCache.txt" ]; do
        dir=$(dirname "$dir")
    done
    [ -f "$dir/CMakeCache.txt" ] || dir=$(pwd)
    prefix=$dir/wine-prefix
fi

export WINEPREFIX=$prefix
export WINEDEBUG=${RWC_WINEDEBUG:--all}  # RWC_WINEDEBUG: a test asking for Wine's own messages
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko install dialogs
export LANG=C.UTF-8 LC_ALL=C.UTF-8          # under LANG=C Wine mangles non-ASCII argv
unset DISPLAY                               # headless: no window, no desktop

# Under a lock, so parallel tests never boot the prefix twice nor use it half-made: when
# this starts a new server (status 0; 2 means one already runs, the common case, ~10 ms) or
# the prefix was never booted, boot it (creating it takes 3 to 12 s) with the streams
# detached; Wine's services then belong to that boot, not to a test.
mkdir -p "$WINEPREFIX"
exec 9>"$WINEPREFIX.lock"
flock 9
started=0
wineserver -p 600 </dev/null >/dev/null 2>&1 && started=1
if [ "$started" = 1 ] || [ ! -f "$WINEPREFIX/.rwc-booted" ]; then
    wineboot -i </dev/null >/dev/null 2>&1
    touch "$WINEPREFIX/.rwc-booted"
fi
flock -u 9
exec 9>&-

exec wine "$@"
