#!/usr/bin/env bash
# What the tests need besides Java, installed when missing (Debian): Chromium for the browser tests,
# podman with runc, its Docker-API socket and the localhost/busybox image for the local pool's tests,
# kubectl for the offline check of the Kubernetes manifests, and Node.js for the OpenAPI linter.
# Says what it does; refuses with the command to run where it cannot install (not root, not Debian).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || missing+=(runc)
[ -x /bin/busybox ] || missing+=(busybox-static)
# kubectl renders the Kubernetes base (its built-in kustomize) for infra/kubernetes/validate.sh.
command -v kubectl >/dev/null 2>&1 || command -v kustomize >/dev/null 2>&1 || missing+=(kubernetes-client)
# npx runs Redocly's linter on the API's OpenAPI document (OpenApiLintTest).
command -v npx >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests need ${missing[*]}, and this is not a Debian-like system: install them, then run this again." >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need ${missing[*]}; installing them needs root:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} (Debian packages; once per machine)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "Preparing podman for the local pool (socket and localhost/busybox image)"
"$here/podman/setup.sh" >/dev/null
