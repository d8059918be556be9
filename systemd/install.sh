#!/bin/bash
# systemd/install.sh: build keepalive-monitor and keepalivectl and install them with everything systemd needs.
#
# Usage:  [DESTDIR=DIR] [PREFIX=DIR] systemd/install.sh [--no-build] [--bin-dir DIR]
#
#   PREFIX     where the programs go, as seen on the target system (default /usr/local).
#   DESTDIR    a staging directory prepended to every path (default: none, i.e. install into this system).
#              Packagers set it; the activation steps below are then left to the package's own scripts.
#   --no-build install binaries built earlier instead of building (they are still stripped on install).
#   --bin-dir  where those binaries are (default .build-release/release); implies --no-build.
#
# What goes where, for PREFIX /usr/local (the default) or /usr, with lib = $PREFIX/lib:
#   $PREFIX/bin/keepalive-monitor, $PREFIX/bin/keepalivectl   release build, Swift runtime linked in, stripped
#   lib/systemd/system/keepalive-monitor.{service,socket}      units (ExecStart= rewritten to $PREFIX/bin)
#   lib/systemd/catalog/keepalive-monitor.catalog              journal catalog (text shown by journalctl -x)
#   lib/sysusers.d/keepalive-monitor.conf                      system user and group keepalive-monitor
#   $PREFIX/share/doc/keepalive-monitor/README.md              the catalog's Support= link
#   /etc/keepalive-monitor/keepalive-monitor.toml              example configuration, only if there is none
# systemd reads units and sysusers.d from /usr/lib and /usr/local/lib but not from other prefixes: for any other
# PREFIX (e.g. /opt/keepalive-monitor) units go to /etc/systemd/system, the sysusers.d entry to /etc/sysusers.d
# and the catalog to /usr/local/lib/systemd/catalog (journalctl reads catalogs from /usr and /usr/local only).
#
# Without DESTDIR it then activates the install: creates the user and group (systemd-sysusers), rebuilds the
# catalog database (journalctl --update-catalog) and, when systemd runs, reloads unit files. It never enables or
# starts a unit. Needs root for that, and for writing under /usr/local and /etc.
set -euo pipefail

program=${0##*/}
repository=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
readonly program repository
readonly binaries=(keepalive-monitor keepalivectl)

fail() {
    echo "$program: $*" >&2
    exit 1
}

usage() {
    sed -n '4,11s/^# \{0,1\}//p' -- "${BASH_SOURCE[0]}"
}

build=yes
bin_dir=$repository/.build-release/release
while (($#)); do
    case $1 in
    --no-build) build=no ;;
    --bin-dir)
        (($# >= 2)) || fail "--bin-dir needs a directory"
        bin_dir=$2
        build=no
        shift
        ;;
    --bin-dir=*)
        bin_dir=${1#--bin-dir=}
        build=no
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        fail "unknown argument: $1"
        ;;
    esac
    shift
done

destdir=${DESTDIR:-}
prefix=${PREFIX:-/usr/local}
prefix=${prefix%/}
[[ "$prefix" == /* ]] || fail "PREFIX must be an absolute path, not '$prefix'"
[[ -z "$destdir" || "$destdir" == /* ]] || fail "DESTDIR must be an absolute path, not '$destdir'"
destdir=${destdir%/}
[[ -n "$destdir" || $(id -u) == 0 ]] || fail "installing into this system needs root (or set DESTDIR to stage it)"

case $prefix in
/usr | /usr/local)
    unit_dir=$prefix/lib/systemd/system
    sysusers_dir=$prefix/lib/sysusers.d
    catalog_dir=$prefix/lib/systemd/catalog
    ;;
*)
    unit_dir=/etc/systemd/system
    sysusers_dir=/etc/sysusers.d
    catalog_dir=/usr/local/lib/systemd/catalog
    ;;
esac
readonly config_dir=/etc/keepalive-monitor
readonly doc_dir=$prefix/share/doc/keepalive-monitor

if [[ $build == yes ]]; then
    command -v swift >/dev/null || fail "swift is not on PATH (or pass --no-build with prebuilt binaries)"
    build_command=(swift build --package-path "$repository" -c release --static-swift-stdlib
        --scratch-path "$repository/.build-release")
    echo "$program: ${build_command[*]}"
    "${build_command[@]}" || fail "the release build failed"
    bin_dir=$("${build_command[@]}" --show-bin-path) || fail "swift build --show-bin-path failed"
fi
for binary in "${binaries[@]}"; do
    [[ -x "$bin_dir/$binary" ]] || fail "no executable $bin_dir/$binary (build first, or point --bin-dir at it)"
    # A binary that cannot even print its version (missing library, wrong architecture) must not be installed.
    "$bin_dir/$binary" --version >/dev/null || fail "$bin_dir/$binary --version failed"
done
command -v strip >/dev/null || fail "strip is not on PATH (package binutils)"

# install(1) unlinks an existing file before writing, so a running daemon keeps its old binary until restarted.
install_file() {
    local mode=$1 source=$2 target=$3
    install -D -m "$mode" -- "$source" "$destdir$target"
    echo "installed $target"
}

# Unit files and the catalog name the default /usr/local paths; rewrite them for another PREFIX.
install_rewritten() {
    local source=$1 target=$2
    local staged
    staged=$(mktemp)
    sed -e "s|/usr/local/bin/|$prefix/bin/|g" \
        -e "s|/usr/local/share/doc/keepalive-monitor/|$doc_dir/|g" -- "$source" >"$staged"
    install_file 0644 "$staged" "$target"
    rm -f -- "$staged"
}

for binary in "${binaries[@]}"; do
    install_file 0755 "$bin_dir/$binary" "$prefix/bin/$binary"
    strip --strip-all -- "$destdir$prefix/bin/$binary"
done
install_rewritten "$repository/systemd/keepalive-monitor.service" "$unit_dir/keepalive-monitor.service"
install_rewritten "$repository/systemd/keepalive-monitor.socket" "$unit_dir/keepalive-monitor.socket"
install_rewritten "$repository/systemd/keepalive-monitor.catalog" "$catalog_dir/keepalive-monitor.catalog"
install_file 0644 "$repository/systemd/keepalive-monitor.sysusers" "$sysusers_dir/keepalive-monitor.conf"
if [[ -f "$repository/README.md" ]]; then
    install_file 0644 "$repository/README.md" "$doc_dir/README.md"
fi
# The configuration belongs to the administrator: an existing file is never touched, whatever it holds.
if [[ -e "$destdir$config_dir/keepalive-monitor.toml" ]]; then
    echo "kept $config_dir/keepalive-monitor.toml (exists)"
else
    install -d -m 0755 -- "$destdir$config_dir"
    install_file 0644 "$repository/config/keepalive-monitor.toml" "$config_dir/keepalive-monitor.toml"
fi

if [[ -z "$destdir" ]]; then
    systemd-sysusers "$sysusers_dir/keepalive-monitor.conf" || fail "systemd-sysusers failed"
    journalctl --update-catalog || fail "journalctl --update-catalog failed"
    # /run/systemd/system exists only when systemd is the running init (sd_booted(3)).
    if [[ -d /run/systemd/system ]]; then
        systemctl daemon-reload || fail "systemctl daemon-reload failed"
    fi
    echo "$program: done; start it with: systemctl enable --now keepalive-monitor.service (or .socket)"
fi
