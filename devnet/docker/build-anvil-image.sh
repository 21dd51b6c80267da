#!/usr/bin/env bash
# Builds a local anvil image FROM scratch out of the anvil binary that
# `npm install` put in node_modules, plus the shared libraries it links
# against. Nothing is pulled from any registry, which is why the tests and CI
# can run the testcontainers backend on a machine without registry access.
#
# Usage: devnet/docker/build-anvil-image.sh [tag]
#   tag                  default: $SIGNALBOX_ANVIL_IMAGE, else signalbox/anvil:local
#   SIGNALBOX_ANVIL_BIN  anvil binary to package (default: the one from @foundry-rs/anvil)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tag=${1:-${SIGNALBOX_ANVIL_IMAGE:-signalbox/anvil:local}}

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "build-anvil-image: unsupported architecture $(uname -m)" >&2; exit 2 ;;
esac
binary=${SIGNALBOX_ANVIL_BIN:-$repo_root/node_modules/@foundry-rs/anvil-linux-$arch/bin/anvil}
if [[ ! -x $binary ]]; then
  echo "build-anvil-image: no anvil binary at $binary (run \`npm install\` first)" >&2
  exit 2
fi
command -v docker >/dev/null || { echo "build-anvil-image: docker CLI not found" >&2; exit 2; }
command -v ldd >/dev/null || { echo "build-anvil-image: ldd not found (install libc-bin)" >&2; exit 2; }

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
rootfs=$context/rootfs
mkdir -p "$rootfs/usr/local/bin" "$rootfs/tmp"
# anvil may write caches under $HOME; scratch has no home, so /tmp serves.
chmod 1777 "$rootfs/tmp"
cp "$binary" "$rootfs/usr/local/bin/anvil"

# Every library ldd resolves (`name => /path`) and the dynamic loader (a bare
# absolute path), copied at the same paths so the binary finds them as on the host.
libraries=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
for library in $libraries; do
  mkdir -p "$rootfs$(dirname "$library")"
  cp -L "$library" "$rootfs$library"
done

version=$("$binary" --version | head -n 1)
cat >"$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin HOME=/tmp
LABEL org.opencontainers.image.title="anvil" org.opencontainers.image.description="$version, packaged by signalbox"
EXPOSE 8545
ENTRYPOINT ["anvil"]
DOCKERFILE

# The legacy builder prints a deprecation notice on every build: show the
# output only when the build fails.
if ! output=$(docker build --quiet --tag "$tag" "$context" 2>&1); then
  echo "$output" >&2
  exit 1
fi
echo "built $tag ($version)"
