#!/usr/bin/env bash
# Prepares this host for Atrium's local pool: podman with runc, a Docker-API socket, and the
# localhost/busybox:latest image (built from Debian's busybox-static: no registry needed).
#   infra/podman/setup.sh            install what is missing, serve the socket, build the image
# Prints the socket to use as DOCKER_HOST.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="$here/../../cluster-bridge/src/main/resources/dev/atrium/cluster/driver/local/containers.conf"

missing=()
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
[ -x /bin/busybox ] || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

socket="${ATRIUM_PODMAN_SOCKET:-/run/atrium/podman.sock}"
mkdir -p "$(dirname "$socket")"
if ! curl -sf --unix-socket "$socket" http://d/v1.41/_ping >/dev/null 2>&1; then
  rm -f "$socket"
  nohup podman system service --time=0 "unix://$socket" >/tmp/atrium-podman-service.log 2>&1 &
  for _ in $(seq 1 50); do
    curl -sf --unix-socket "$socket" http://d/v1.41/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi

if ! podman image exists localhost/busybox:latest; then
  rootfs="$(mktemp -d)"
  mkdir -p "$rootfs/bin"
  cp /bin/busybox "$rootfs/bin/busybox"
  for tool in $("$rootfs/bin/busybox" --list); do
    [ "$tool" = busybox ] || ln -s busybox "$rootfs/bin/$tool"
  done
  tar -C "$rootfs" -cf "$rootfs.tar" .
  podman import "$rootfs.tar" localhost/busybox:latest >/dev/null
  rm -rf "$rootfs" "$rootfs.tar"
fi
echo "unix://$socket"
