#!/usr/bin/env bash
# Builds one release artifact of linq-secret-scan and its SHA-256 checksum. The release workflow
# (.github/workflows/release.yml) runs it once per platform on a runner of that platform; the tests run it for
# linux-x64 here.
#
#   release/build.sh RID VERSION OUTDIR [extra dotnet arguments...]
#
#   RID      linux-x64, linux-arm64, osx-arm64, win-x64 (any RID NativeAOT can build on this machine): the
#            NativeAOT binary in linq-secret-scan-VERSION-RID.tar.gz (.zip for win-*), in a folder of that name
#            with libgit2 beside the binary, libgit2's license and a README.txt;
#            or `tool`: the portable dotnet tool package LinqSecretScan.VERSION.nupkg (runs wherever .NET 10 does).
#   VERSION  1.2.3 or v1.2.3 (a tag name; the v is dropped), optionally with a -prerelease suffix
#   OUTDIR   where the artifact and ARTIFACT.sha256 (`<sha256>  <file name>`, as sha256sum writes it) go
#
# NativeAOT needs clang or gcc (and zlib headers) beside the .NET 10 SDK, and builds for the OS it runs on only.
set -euo pipefail

usage() {
    echo "usage: release/build.sh RID|tool VERSION OUTDIR [dotnet arguments...]" >&2
    exit 2
}

[ $# -ge 3 ] || usage
rid=$1
given_version=$2
version=${given_version#v}
outdir=$3
shift 3
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    echo "release/build.sh: '$given_version' is not a version (1.2.3, v1.2.3 or 1.2.3-rc.1)" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
project="$root/src/LinqSecretScan"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

sha256_line() {
    # `<hash>  <file name>` for the file $1, run from its folder so the name has no path.
    (
        cd "$(dirname "$1")"
        if command -v sha256sum >/dev/null 2>&1; then
            sha256sum "$(basename "$1")"
        else
            shasum -a 256 "$(basename "$1")"
        fi
    )
}

write_checksum() {
    sha256_line "$1" > "$1.sha256"
    echo "release/build.sh: $1"
    echo "release/build.sh: $1.sha256"
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$rid" = tool ]; then
    package="$outdir/LinqSecretScan.$version.nupkg"
    rm -f "$package" "$package.sha256"
    dotnet pack "$project" -c Release -o "$outdir" -nologo -p:Version="$version" "$@"
    [ -f "$package" ] || { echo "release/build.sh: dotnet pack did not make $package" >&2; exit 1; }
    write_checksum "$package"
    exit 0
fi

case "$rid" in
    win-*) binary=linq-secret-scan.exe library=git2-5853918.dll archive_ext=zip ;;
    osx-*) binary=linq-secret-scan library=libgit2-5853918.dylib archive_ext=tar.gz ;;
    linux-*) binary=linq-secret-scan library=libgit2-5853918.so archive_ext=tar.gz ;;
    *) echo "release/build.sh: unknown RID '$rid' (linux-x64, linux-arm64, osx-arm64, win-x64, or tool)" >&2; exit 2 ;;
esac

name="linq-secret-scan-$version-$rid"
publish="$outdir/.publish-$rid"
stage="$outdir/$name"
archive="$outdir/$name.$archive_ext"
rm -rf "$publish" "$stage" "$archive" "$archive.sha256"

dotnet publish "$project" -c Release -r "$rid" -o "$publish" -nologo -p:Version="$version" "$@"

mkdir -p "$stage"
for file in "$binary" "$library" libgit2.license.txt; do
    [ -f "$publish/$file" ] || { echo "release/build.sh: the publish folder has no $file" >&2; exit 1; }
    cp "$publish/$file" "$stage/"
done
chmod 0755 "$stage/$binary"
chmod 0644 "$stage/$library" "$stage/libgit2.license.txt"
case "$rid" in
    win-*) run=".\\$binary" ;;
    *) run="./$binary" ;;
esac
cat > "$stage/README.txt" <<EOF
linq-secret-scan $version ($rid)

Keeps Linq Partner API tokens, Linq webhook signing secrets and .env files out of git.

  $binary: the scanner (NativeAOT: no .NET runtime needed)
  $library: libgit2, which the scanner loads at run time
  libgit2.license.txt: libgit2's license

Keep $binary and $library in the same folder: the scanner loads libgit2 from the folder its binary
really lives in. Move or copy the folder as a whole; to put the command on PATH, link to the binary
(a symbolic link, e.g. ~/.local/bin/linq-secret-scan) rather than copying it out of the folder.

  $run --version
  $run install            protect the repository you are in (pre-commit hook)
  $run install --global   protect every repository of yours
EOF

rm -rf "$publish"
case "$archive_ext" in
    tar.gz)
        tar -czf "$archive" -C "$outdir" "$name"
        ;;
    zip)
        if command -v zip >/dev/null 2>&1; then
            (cd "$outdir" && zip -qr "$archive" "$name")
        elif command -v 7z >/dev/null 2>&1; then
            (cd "$outdir" && 7z a -tzip -bd "$name.zip" "$name" >/dev/null)
        else
            (cd "$outdir" && powershell -NoProfile -Command "Compress-Archive -Path '$name' -DestinationPath '$name.zip'")
        fi
        ;;
esac
rm -rf "$stage"
write_checksum "$archive"
