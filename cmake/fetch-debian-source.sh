#!/usr/bin/env bash
# Downloads a Debian source package with apt-get and extracts some of its upstream files,
# without touching the system's apt configuration or state (docs/design.md, "The Windows build (MinGW-w64 and Wine)"): a private deb-src list, lists and cache under WORK_DIR.
#
#   fetch-debian-source.sh PACKAGE VERSION WORK_DIR OUT_DIR MEMBER...
#
# PACKAGE=VERSION is fetched (the version of the installed headers; the newest one of the
# suite when that version is gone from the archive). Each MEMBER is a path inside the
# upstream tarball without its top folder, with tar wildcards (libs/filesystem/src/*).
# OUT_DIR receives the members and a .complete stamp; with the stamp present, or the
# downloaded tarball already in WORK_DIR, nothing is downloaded again.
# The archive's address is taken from the system's own apt sources: the entries for this
# release's codename, turned into deb-src, component main.
set -euo pipefail

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

# The deb-src list: every deb entry of the system whose suite is this release's codename.
write_sources() {
    local codename keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || { echo "fetch-debian-source: no VERSION_CODENAME" >&2; exit 1; }
    {
        # deb822 files: stanzas separated by blank lines.
        cat_existing /etc/apt/sources.list.d/*.sources | awk -v code="$codename" -v key="$keyring" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " code " ") && uris != "")
                    printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n\n", uris, code, (signed != "" ? signed : key)
                types = suites = uris = signed = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); signed = $0 }
            END { flush() }'
        # One-line format: "deb [options] URI SUITE COMPONENT...".
        cat_existing /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk -v code="$codename" -v key="$keyring" '
            $1 == "deb" {
                i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == code)
                    printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n\n", $i, code, key
            }'
    } >"$work/apt/sources.list.d/deb-src.sources"
    [ -s "$work/apt/sources.list.d/deb-src.sources" ] ||
        { echo "fetch-debian-source: no apt source for $codename in /etc/apt" >&2; exit 1; }
}

apt_private() {
    apt-get -q -o Dir::Etc::SourceList=/dev/null \
        -o Dir::Etc::SourceParts="$work/apt/sources.list.d" \
        -o Dir::State::Lists="$work/apt/lists" -o Dir::Cache="$work/apt/cache" \
        -o APT::Sandbox::User="$(id -un)" "$@"
}

tarball() { ls "$work/${package}_"*.orig.tar.* 2>/dev/null | head -n 1; }

if [ -z "$(tarball)" ]; then
    mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
    write_sources
    echo "fetch-debian-source: downloading the source of $package $version" >&2
    apt_private update >/dev/null
    (cd "$work" && { apt_private source --download-only "$package=$version" >/dev/null ||
        apt_private source --download-only "$package" >/dev/null; })
fi
orig=$(tarball)
[ -n "$orig" ] || { echo "fetch-debian-source: no upstream tarball of $package" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
members=()
for m in "$@"; do members+=("*/$m"); done
tar -xf "$orig" -C "$out" --strip-components=1 --wildcards "${members[@]}"
touch "$out/.complete"
