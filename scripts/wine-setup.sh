#!/usr/bin/env bash
# Prepares and tears down the MinGW-w64 + Wine tool set for the Windows cross build, on
# Debian 12 (docs/design.md, "The Windows build (MinGW-w64 and Wine)", has the facts this follows).
#
#   scripts/wine-setup.sh install             install the Debian packages when missing
#   scripts/wine-setup.sh start BUILD_DIR     start a persistent wineserver and initialise
#                                             BUILD_DIR/wine-prefix (run BEFORE the build)
#   scripts/wine-setup.sh stop BUILD_DIR      stop that wineserver
#   scripts/wine-setup.sh all BUILD_DIR       install, then start
#
# Why start before the build: without a running server each Wine start pays about 2.7 s,
# gtest_discover_tests' 5 s timeout expires on an uninitialised prefix, and Wine's
# background services started from inside ctest inherit its output pipe and can hang it
# for ten minutes (docs/design.md, "The Windows build (MinGW-w64 and Wine)"). The prefix lives inside the build
# folder, the same place cmake/wine-run.sh uses, so nothing touches ~/.wine.
set -euo pipefail

readonly packages=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine wine64)

log() { printf 'wine-setup: %s\n' "$*" >&2; }

# Seconds since the epoch with milliseconds, for the timings printed on stderr.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# The environment every Wine call of the project uses (cmake/wine-run.sh sets the same).
wine_env() {
    local build_dir=$1
    export WINEPREFIX="$build_dir/wine-prefix"
    export WINEDEBUG=-all
    export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko install dialogs
    export LANG=C.UTF-8 LC_ALL=C.UTF-8          # under LANG=C Wine mangles non-ASCII argv
    unset DISPLAY                               # headless: no window for wineboot
}

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            printf '%s\n' "$p"
    done
}

cmd_install() {
    local missing
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -eq 0 ]; then
        log "packages present: ${packages[*]}"
        return 0
    fi
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    local t0
    t0=$(now)
    export DEBIAN_FRONTEND=noninteractive
    # apt-get update only when the lists cannot tell us about the packages.
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        log "apt-get update"
        "${sudo[@]}" apt-get update -qq
    fi
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    log "install took $(elapsed "$t0") s"
}

cmd_start() {
    local build_dir=${1:?usage: wine-setup.sh start BUILD_DIR}
    mkdir -p "$build_dir"
    build_dir=$(cd "$build_dir" && pwd)
    wine_env "$build_dir"
    local t0
    t0=$(now)
    # -p 600: the server stays up 600 s after its last client leaves (docs/design.md, "The Windows build (MinGW-w64 and Wine)").
    mkdir -p "$WINEPREFIX"   # wineserver chdirs into it
    # Exit status 2 means a server for this prefix is already running: keep it.
    wineserver -p 600 </dev/null >/dev/null 2>&1 || true
    # wineboot -i creates or updates the prefix; its services must not hold our pipes.
    wineboot -i </dev/null >/dev/null 2>&1
    touch "$WINEPREFIX/.rwc-booted"   # cmake/wine-run.sh then does not boot it again
    log "prefix $WINEPREFIX ready in $(elapsed "$t0") s"
    # A first real program start, so the first test does not pay for loading the prefix.
    t0=$(now)
    wine cmd.exe /c exit 0 </dev/null >/dev/null 2>&1 || true
    log "first wine start took $(elapsed "$t0") s"
}

cmd_stop() {
    local build_dir=${1:?usage: wine-setup.sh stop BUILD_DIR}
    [ -d "$build_dir" ] || return 0
    build_dir=$(cd "$build_dir" && pwd)
    wine_env "$build_dir"
    [ -d "$WINEPREFIX" ] || return 0
    wineserver -k </dev/null >/dev/null 2>&1 || true
    log "wineserver for $WINEPREFIX stopped"
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start "${2:-}" ;;
stop) cmd_stop "${2:-}" ;;
all) cmd_install && cmd_start "${2:-}" ;;
*)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
