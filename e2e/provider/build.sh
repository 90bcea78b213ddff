#!/usr/bin/env bash
# Builds the kreuzwerker/docker Terraform provider from the Go module proxy into a filesystem mirror cached
# outside the repository (keyed by version), so later runs skip the build. Never commit the binary.
#
# Last line of stdout: "<mirror dir> <provider version>". Progress and errors go to stderr.
#
# It tries v3.6.2 (what @cdktf/provider-docker 12.0.3 pins) first. If the proxy refuses that commit, it says
# so with the proxy's exact error and, unless E2E_PROVIDER_STRICT=1, builds the fallback module instead: the
# only upstream version the proxy serves here, labelled 4.6.1-dev in the mirror. The suite then points the
# synthesized stacks' version constraint at that label and says so in its report.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf}"
mirror="$cache/provider-mirror"
platform="$(go env GOOS)_$(go env GOARCH)"
log() { echo "[provider] $*" >&2; }

binary_for() { echo "$mirror/registry.terraform.io/kreuzwerker/docker/$1/$platform/terraform-provider-docker_v$1"; }

build() { # <module dir> <version label>
  local dir="$1" version="$2" out tmp
  out="$(binary_for "$version")"
  if [ -x "$out" ]; then
    log "reusing cached $out"
    echo "$mirror $version"
    return 0
  fi
  tmp="$(mktemp -d)"
  cp "$dir"/go.mod "$dir"/tools.go "$tmp"/
  [ -f "$dir/go.sum" ] && cp "$dir/go.sum" "$tmp/"
  log "building kreuzwerker/docker $version with $(go version | cut -d' ' -f3) (a few minutes the first time)"
  if ! (cd "$tmp" && go mod download github.com/terraform-providers/terraform-provider-docker >&2 2>"$tmp/err" &&
        mkdir -p "$(dirname "$out")" &&
        CGO_ENABLED=0 go build -trimpath -o "$out.partial" github.com/terraform-providers/terraform-provider-docker 2>>"$tmp/err"); then
    cat "$tmp/err" >&2
    rm -rf "$tmp"
    return 1
  fi
  mv "$out.partial" "$out"
  rm -rf "$tmp"
  log "built $out"
  echo "$mirror $version"
}

if [ "${E2E_PROVIDER_VERSION:-}" != "fallback" ]; then
  if build "$here/v3.6.2" 3.6.2; then exit 0; fi
  log "kreuzwerker/docker 3.6.2 could not be fetched from the Go module proxy (error above)."
  if [ "${E2E_PROVIDER_STRICT:-0}" = "1" ]; then exit 3; fi
  log "falling back to the only version the proxy serves: upstream commit 96d331c (after v4.6.0), as 4.6.1-dev"
fi
build "$here/fallback" 4.6.1-dev
