#!/bin/sh
# Installs the linq-secret-scan release binary for this machine: downloads the archive of a release for this
# OS and CPU, checks it against the release's SHA256SUMS, unpacks it into one folder (binary and libgit2 stay
# together) and links the command into a folder on PATH. Nothing is installed when the checksum does not match.
#
#   sh install.sh --base-url https://github.com/OWNER/REPO/releases/download/v1.2.3
#   sh install.sh --repo OWNER/REPO [--version 1.2.3]     (the latest release when no version is given)
#
# The copy attached to a release knows its repository, so this is enough:
#   curl -fsSL https://github.com/OWNER/REPO/releases/latest/download/install.sh | sh
#
# Options (and the environment variables that set them):
#   --base-url URL   LINQ_SECRET_SCAN_BASE_URL   where the release's files are (SHA256SUMS and the archives)
#   --repo OWNER/REPO                             the GitHub repository whose releases to use
#   --version X.Y.Z  LINQ_SECRET_SCAN_VERSION     that release instead of the latest (with --repo)
#   --lib-dir DIR    LINQ_SECRET_SCAN_LIB_DIR     where the folder goes (default ~/.local/lib/linq-secret-scan)
#   --bin-dir DIR    LINQ_SECRET_SCAN_BIN_DIR     where the command's link goes (default ~/.local/bin)
#   --global                                      then run `linq-secret-scan install --global`
#
# Supported: Linux x64 and arm64 (glibc 2.34 or newer), macOS arm64. Elsewhere (Alpine, Intel Macs, Windows),
# the dotnet tool package runs wherever .NET 10 does.
set -eu

default_repository=''

base_url="${LINQ_SECRET_SCAN_BASE_URL:-}"
repository="$default_repository"
version="${LINQ_SECRET_SCAN_VERSION:-}"
lib_dir="${LINQ_SECRET_SCAN_LIB_DIR:-${HOME:?HOME is not set}/.local/lib/linq-secret-scan}"
bin_dir="${LINQ_SECRET_SCAN_BIN_DIR:-$HOME/.local/bin}"
global=0

fail() {
    echo "install.sh: $*" >&2
    exit 1
}

usage() {
    echo "install.sh: $*" >&2
    echo "usage: install.sh [--base-url URL | --repo OWNER/REPO [--version X.Y.Z]] [--lib-dir DIR] [--bin-dir DIR] [--global]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --base-url | --repo | --version | --lib-dir | --bin-dir)
            [ $# -ge 2 ] || usage "$1 needs a value"
            case "$1" in
                --base-url) base_url=$2 ;;
                --repo) repository=$2 ;;
                --version) version=$2 ;;
                --lib-dir) lib_dir=$2 ;;
                --bin-dir) bin_dir=$2 ;;
            esac
            shift 2
            ;;
        --global) global=1; shift ;;
        -h | --help)
            echo "usage: install.sh [--base-url URL | --repo OWNER/REPO [--version X.Y.Z]] [--lib-dir DIR] [--bin-dir DIR] [--global]"
            echo "Installs the linq-secret-scan release binary for this machine, checked against the release's SHA256SUMS."
            exit 0
            ;;
        *) usage "unknown argument '$1'" ;;
    esac
done
version=${version#v}

if [ -z "$base_url" ]; then
    [ -n "$repository" ] || usage "say where the release is: --base-url URL, or --repo OWNER/REPO"
    if [ -n "$version" ]; then
        base_url="https://github.com/$repository/releases/download/v$version"
    else
        base_url="https://github.com/$repository/releases/latest/download"
    fi
fi
base_url=${base_url%/}

os=$(uname -s)
cpu=$(uname -m)
case "$os" in
    Linux) os=linux ;;
    Darwin) os=osx ;;
    *) fail "no release binary for $os; install the dotnet tool package instead (it runs wherever .NET 10 does)" ;;
esac
case "$cpu" in
    x86_64 | amd64) cpu=x64 ;;
    aarch64 | arm64) cpu=arm64 ;;
    *) fail "no release binary for $cpu; install the dotnet tool package instead" ;;
esac
rid="$os-$cpu"
case "$rid" in
    linux-x64 | linux-arm64)
        if ls /lib/ld-musl-* >/dev/null 2>&1; then
            fail "this Linux uses musl (Alpine?); the release binaries need glibc 2.34 or newer: install the dotnet tool package instead"
        fi
        ;;
    osx-arm64) ;;
    *) fail "no release binary for $rid; install the dotnet tool package instead" ;;
esac

download() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsSL --proto '=https,http' -o "$2" "$1" || fail "cannot download $1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$2" "$1" || fail "cannot download $1"
    else
        fail "neither curl nor wget is installed"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        fail "neither sha256sum nor shasum is installed, so the download cannot be checked"
    fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/linq-secret-scan-install.XXXXXX")
trap 'rm -rf "$work"' EXIT HUP INT TERM

download "$base_url/SHA256SUMS" "$work/SHA256SUMS"
if [ -n "$version" ]; then
    archive="linq-secret-scan-$version-$rid.tar.gz"
    expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$work/SHA256SUMS")
else
    line=$(grep -E "^[0-9a-f]{64} [ *]linq-secret-scan-[^ ]*-$rid\.tar\.gz\$" "$work/SHA256SUMS" || true)
    [ "$(printf '%s\n' "$line" | grep -c .)" -le 1 ] || fail "$base_url/SHA256SUMS lists more than one archive for $rid"
    expected=$(printf '%s\n' "$line" | cut -d ' ' -f 1)
    archive=$(printf '%s\n' "$line" | sed 's/^[0-9a-f]* [ *]//')
fi
[ -n "$expected" ] || fail "$base_url/SHA256SUMS lists no archive for $rid${version:+ version $version}"

download "$base_url/$archive" "$work/$archive"
actual=$(sha256_of "$work/$archive")
[ "$actual" = "$expected" ] || fail "$archive does not match SHA256SUMS (expected $expected, got $actual); nothing was installed"

mkdir "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked"
folder="$work/unpacked/${archive%.tar.gz}"
[ -x "$folder/linq-secret-scan" ] || fail "$archive has no ${archive%.tar.gz}/linq-secret-scan"
installed_version=$("$folder/linq-secret-scan" --version) || fail "the downloaded linq-secret-scan does not run here (see above)"

# The folder is replaced whole (binary and libgit2 together), and the old one is kept until the new one is in.
mkdir -p "$(dirname "$lib_dir")" "$bin_dir"
rm -rf "$lib_dir.new" "$lib_dir.old"
cp -R "$folder" "$lib_dir.new"
if [ -e "$lib_dir" ]; then
    mv "$lib_dir" "$lib_dir.old"
fi
mv "$lib_dir.new" "$lib_dir"
rm -rf "$lib_dir.old"
ln -sf "$lib_dir/linq-secret-scan" "$bin_dir/linq-secret-scan"

echo "install.sh: installed $installed_version ($rid) in $lib_dir, checked against SHA256SUMS"
echo "install.sh: the command is $bin_dir/linq-secret-scan"
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) echo "install.sh: $bin_dir is not on PATH; add it (for example in ~/.profile: export PATH=\"$bin_dir:\$PATH\")" ;;
esac

if [ "$global" = 1 ]; then
    "$bin_dir/linq-secret-scan" install --global
else
    echo "install.sh: next: linq-secret-scan install (this repository) or linq-secret-scan install --global (all of yours)"
fi
