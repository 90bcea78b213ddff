#!/usr/bin/env bash
# Builds the current Compose CLI (github.com/docker/compose/v5, the `docker compose` plugin, run here as a standalone
# `docker-compose`) from the Go module proxy into a cache outside the repository, so the real-engine suite can bring
# the same Compose file up with it beside Debian's docker-compose 1.29 (e2e/compose-cases.ts). Never commit the
# binary.
#
# `go install ...@v5.6.0` refuses the module (its go.mod has an `exclude` directive), so the module is downloaded
# with `go mod download` (checked against the Go checksum database as usual) and its ./cmd package is built in the
# read-only module directory with the module's own go.sum (-mod=readonly), as its Makefile builds it
# (-trimpath, -X internal.Version). Built niced with one package at a time (GOFLAGS=-p=1): the machine is shared.
#
# The binary gets a SHA-256 beside it (<binary>.sha256), written when built and checked at every use: a binary that
# does not match is deleted and built again.
#
# Last line of stdout: the binary's path. Progress (timestamped) and errors go to stderr. Exit 1: the build failed
# (the Go error above it); exit 2: no Go toolchain.
set -euo pipefail
VERSION="${E2E_COMPOSE_VERSION:-v5.6.0}"
MODULE=github.com/docker/compose/v5
cache="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf}"
out="$cache/bin/docker-compose-$VERSION"
log() { echo "[compose-cli $(date -u +%H:%M:%S)] $*" >&2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

if [ -x "$out" ] && [ -f "$out.sha256" ]; then
  if [ "$(sha "$out")" = "$(cat "$out.sha256")" ]; then
    log "docker compose $VERSION: cached, checksum ok ($out)"
    echo "$out"
    exit 0
  fi
  log "docker compose $VERSION: the cached binary does not match its recorded checksum ($out.sha256): deleting it and building again"
  rm -f "$out" "$out.sha256"
fi

command -v go >/dev/null || { log "no Go toolchain: docker compose $VERSION cannot be built (install Go 1.26 or put the binary at $out)"; exit 2; }

log "docker compose $VERSION: downloading $MODULE@$VERSION from the Go module proxy"
dir="$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] && [ -d "$dir" ] || { log "go mod download $MODULE@$VERSION gave no module directory"; exit 1; }

mkdir -p "$(dirname "$out")"
err="$(mktemp)"
start=$SECONDS
log "docker compose $VERSION: compiling $dir/cmd with $(go version | cut -d' ' -f3) (nice, GOFLAGS=-p=1; several minutes the first time)"
if ! (cd "$dir" && CGO_ENABLED=0 GOFLAGS="-p=1 -mod=readonly" nice -n 10 go build -trimpath \
  -ldflags "-w -X $MODULE/internal.Version=$VERSION" -o "$out.partial" ./cmd) 2>"$err"; then
  cat "$err" >&2
  rm -f "$err" "$out.partial"
  log "docker compose $VERSION: the build failed after $((SECONDS - start)) s (error above)"
  exit 1
fi
rm -f "$err"
mv "$out.partial" "$out"
sha "$out" >"$out.sha256"
log "docker compose $VERSION: built $out in $((SECONDS - start)) s (sha256 $(cat "$out.sha256"))"
echo "$out"
