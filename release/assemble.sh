#!/usr/bin/env bash
# Turns the artifacts of release/build.sh (one folder holding every archive, package and .sha256) into what a
# release attaches: SHA256SUMS (every artifact's checksum, one line each, as sha256sum writes them) and
# install.sh, which then knows the repository whose releases it installs from.
#
#   release/assemble.sh ARTIFACTS OWNER/REPO
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: release/assemble.sh ARTIFACTS OWNER/REPO" >&2; exit 2; }
artifacts=$1
repository=$2
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "release/assemble.sh: '$repository' is not OWNER/REPO" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

shopt -s nullglob
sums=("$artifacts"/*.sha256)
[ ${#sums[@]} -gt 0 ] || { echo "release/assemble.sh: no .sha256 files in $artifacts" >&2; exit 1; }
(
    cd "$artifacts"
    for sum in *.sha256; do
        file=${sum%.sha256}
        [ -f "$file" ] || { echo "release/assemble.sh: $sum has no $file beside it" >&2; exit 1; }
        cat "$sum"
    done
) > "$artifacts/SHA256SUMS"
(cd "$artifacts" && if command -v sha256sum >/dev/null 2>&1; then sha256sum -c --quiet SHA256SUMS; else shasum -a 256 -c --quiet SHA256SUMS; fi)

sed "s|^default_repository=''\$|default_repository='$repository'|" "$root/install.sh" > "$artifacts/install.sh"
grep -q "^default_repository='$repository'\$" "$artifacts/install.sh" || { echo "release/assemble.sh: install.sh has no default_repository line" >&2; exit 1; }
chmod 0755 "$artifacts/install.sh"
echo "release/assemble.sh: $artifacts/SHA256SUMS"
echo "release/assemble.sh: $artifacts/install.sh"
