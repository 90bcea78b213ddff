#!/usr/bin/env bash
# Builds the Compose oracle (test/oracle: compose-go v2.16.2, the loader of docker compose, printing a loaded
# project as JSON) into ~/.cache/docker-network-cdktf/, once per version of its source, and prints the binary's path.
# The jest test test/compose/oracle.test.ts compares the library's loading with it. Go modules come from the Go
# module proxy (GOPROXY); nothing is written into the repository. Exit 3, with a notice, when Go is not installed.
set -euo pipefail
cd "$(dirname "$0")/../test/oracle"
if ! command -v go >/dev/null 2>&1; then
  echo "compose-oracle: Go is not installed, so the comparison with compose-go is skipped (install Go 1.24+ to run it)" >&2
  exit 3
fi
key="$(cat go.mod go.sum main.go | sha256sum | cut -c1-16)"
dir="${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf/compose-oracle-$key"
bin="$dir/compose-oracle"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  echo "compose-oracle: building $bin (compose-go v2.16.2)" >&2
  # Two cores are shared with other work on CI machines: one package at a time, at a lower priority.
  GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=1 -mod=readonly" CGO_ENABLED=0 nice -n 10 go build -trimpath -o "$bin.tmp" .
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
