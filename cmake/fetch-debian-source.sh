#!/usr/bin/env bash
# Downloads a Debian source package with apt-get and extracts some of its upstream files,
# or (--binary) a binary package and some of its files, without touching the system's apt
# configuration or state (docs/design.md, "The Windows build (MinGW-w64 and Wine)"): a
# private source list, lists and cache under WORK_DIR.
#
#   fetch-debian-source.sh [--binary] [--suite SUITE] PACKAGE VERSION WORK_DIR OUT_DIR MEMBER...
#
# PACKAGE=VERSION is fetched (the version of the installed headers; the newest one of the
# suite when that version is gone from the archive). Each MEMBER is a path inside the
# upstream tarball without its top folder, or with --binary a path inside the .deb without
# the leading ./ (usr/include/toml++), with tar wildcards (libs/filesystem/src/*).
# OUT_DIR receives the members and a .complete stamp; with the stamp present, or the
# downloaded tarball or .deb already in WORK_DIR, nothing is downloaded again.
# The archive's address is taken from the system's own apt sources: the entries for this
# release's codename, component main, asked for SUITE instead when given (trixie: Debian
# 13's packages on a Debian 12 machine, signed by keys that bookworm's
# debian-archive-keyring already holds).
set -euo pipefail

binary=false; suite=
while [ "$#" -gt 0 ]; do
    case "$1" in
        --binary) binary=true; shift ;;
        --suite) suite=${2:?SUITE}; shift 2 ;;
        *) break ;;
    esac
done
package=${1:?PACKAGE}; version=${2:?VERSION}; work=${3:?WORK_DIR}; out=${4:?OUT_DIR}
shift 4
[ "$#" -gt 0 ] || { echo "fetch-debian-source: no MEMBER given" >&2; exit 2; }

[ -f "$out/.complete" ] && exit 0
mkdir -p "$work"
work=$(cd "$work" && pwd)

# Prints the files that exist among the arguments (a missing sources.list is normal).
cat_existing() {
    local f
    for f in "$@"; do
        if [ -f "$f" ]; then cat "$f"; echo; fi
    done
}

# The private list: every deb entry of the system whose suite is this release's codename,
# as deb-src (or deb, for --binary) of SUITE (default: that codename).
write_sources() {
    local codename want type keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || { echo "fetch-debian-source: no VERSION_CODENAME" >&2; exit 1; }
    want=${suite:-$codename}
    type=deb-src; [ "$binary" = false ] || type=deb
    {
        # deb822 files: stanzas separated by blank lines.
        cat_existing /etc/apt/sources.list.d/*.sources |
            awk -v code="$codename" -v want="$want" -v type="$type" -v key="$keyring" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " code " ") && uris != "")
                    printf "Types: %s\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n\n", type, uris, want, (signed != "" ? signed : key)
                types = suites = uris = signed = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); signed = $0 }
            END { flush() }'
        # One-line format: "deb [options] URI SUITE COMPONENT...".
        cat_existing /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
            awk -v code="$codename" -v want="$want" -v type="$type" -v key="$keyring" '
            $1 == "deb" {
                i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == code)
                    printf "Types: %s\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n\n", type, $i, want, key
            }'
    } >"$work/apt/sources.list.d/private.sources"
    [ -s "$work/apt/sources.list.d/private.sources" ] ||
        { echo "fetch-debian-source: no apt source for $codename in /etc/apt" >&2; exit 1; }
}

apt_private() {
    apt-get -q -o Dir::Etc::SourceList=/dev/null \
        -o Dir::Etc::SourceParts="$work/apt/sources.list.d" \
        -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache" \
        -o APT::Sandbox::User="$(id -un)" "$@"
}

# The downloaded file: the upstream tarball, or the .deb (-dev packages: Architecture any,
# so the host's; their headers are the same for every architecture).
tarball() {
    if [ "$binary" = true ]; then
        ls "$work/${package}_"*.deb 2>/dev/null | head -n 1
    else
        ls "$work/${package}_"*.orig.tar.* 2>/dev/null | head -n 1
    fi
}

if [ -z "$(tarball)" ]; then
    mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
    rm -f "$work/apt/sources.list.d/"*.sources
    write_sources
    what=source; [ "$binary" = false ] || what=package
    echo "fetch-debian-source: downloading the $what $package $version${suite:+ of $suite}" >&2
    apt_private update >/dev/null
    if [ "$binary" = true ]; then
        (cd "$work" && { apt_private download "$package=$version" >/dev/null ||
            apt_private download "$package" >/dev/null; })
    else
        (cd "$work" && { apt_private source --download-only "$package=$version" >/dev/null ||
            apt_private source --download-only "$package" >/dev/null; })
    fi
fi
orig=$(tarball)
[ -n "$orig" ] || { echo "fetch-debian-source: no download of $package" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
if [ "$binary" = true ]; then
    members=()
    for m in "$@"; do members+=("./$m"); done
    dpkg-deb --fsys-tarfile "$orig" | tar -x -C "$out" --wildcards "${members[@]}"
else
    members=()
    for m in "$@"; do members+=("*/$m"); done
    tar -xf "$orig" -C "$out" --strip-components=1 --wildcards "${members[@]}"
fi
touch "$out/.complete"
