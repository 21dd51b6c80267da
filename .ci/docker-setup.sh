#!/usr/bin/env bash
# Gets a Docker engine ready for the testcontainers backend's tests on a CI
# machine (fresh Debian, root, only Debian packages and npm reachable):
#   1. installs docker.io from Debian if dockerd or docker is missing;
#   2. starts dockerd in the background if no engine answers (CI machines
#      have no systemd), and waits for it;
#   3. builds the local anvil image (devnet/docker/build-anvil-image.sh) from
#      the anvil binary `npm ci` installed, since no image can be pulled.
# Run it after `npm ci`. Idempotent: on a ready machine it only rebuilds the image.
#
#   DOCKERD_LOG            dockerd's log (default: /tmp/dockerd.log)
#   DOCKER_WAIT_SECONDS    how long to wait for the engine (default: 60)
#   SIGNALBOX_ANVIL_IMAGE  tag of the image to build (default: signalbox/anvil:local)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log=${DOCKERD_LOG:-/tmp/dockerd.log}
wait_seconds=${DOCKER_WAIT_SECONDS:-60}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

engine_answers() {
  docker info >/dev/null 2>&1
}

wait_for_engine() {
  for _ in $(seq 1 "$wait_seconds"); do
    engine_answers && return 0
    sleep 1
  done
  return 1
}

if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
  echo "docker-setup: installing docker.io"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

if ! engine_answers; then
  echo "docker-setup: starting dockerd (log: $log)"
  as_root sh -c "nohup dockerd >'$log' 2>&1 &"
  if ! wait_for_engine; then
    echo "docker-setup: dockerd did not answer within ${wait_seconds}s; last lines of $log:" >&2
    tail -n 30 "$log" >&2 || true
    exit 1
  fi
fi
echo "docker-setup: Docker $(docker version --format '{{.Server.Version}}') is up"

"$repo_root/devnet/docker/build-anvil-image.sh"
