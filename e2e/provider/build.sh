#!/usr/bin/env bash
# Builds the kreuzwerker/docker Terraform provider from the Go module proxy into a filesystem mirror cached
# outside the repository (keyed by version), so later runs skip the build. Never commit the binary.
#
# Last line of stdout: "<mirror dir> <provider version>". Progress (timestamped) and errors go to stderr.
#
# It tries v3.6.2 (what @cdktf/provider-docker 12.0.3 pins) first. If the proxy refuses that commit, it says
# so with the proxy's exact error, remembers the refusal in the mirror (.refused-3.6.2) and, unless
# E2E_PROVIDER_STRICT=1, builds the fallback module instead: the only upstream version the proxy serves here,
# labelled 4.6.1-dev in the mirror. Later runs with the fallback cached do not ask the proxy for 3.6.2 again
# (one line says so); E2E_PROVIDER_RETRY=1 asks again. The suite selects the provider version through the
# library (`ProviderVersion`) and says which version each case ran on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf}"
mirror="$cache/provider-mirror"
platform="$(go env GOOS)_$(go env GOARCH)"
refused="$mirror/.refused-3.6.2"
log() { echo "[provider $(date -u +%H:%M:%S)] $*" >&2; }

binary_for() { echo "$mirror/registry.terraform.io/kreuzwerker/docker/$1/$platform/terraform-provider-docker_v$1"; }

# Prints "still <what> (N s)" every 30 s until killed; bounded to 40 minutes.
heartbeat() {
  local what="$1" start=$SECONDS s=
  trap '[ -n "$s" ] && kill "$s" 2>/dev/null; exit 0' TERM
  for _ in $(seq 1 80); do
    sleep 30 &
    s=$!
    wait "$s"
    log "still $what ($((SECONDS - start)) s)"
  done
}

build() { # <module dir> <version label>
  local dir="$1" version="$2" out tmp beat rc=0
  out="$(binary_for "$version")"
  if [ -x "$out" ]; then
    log "kreuzwerker/docker $version: cached ($out)"
    echo "$mirror $version"
    return 0
  fi
  tmp="$(mktemp -d)"
  cp "$dir"/go.mod "$dir"/tools.go "$tmp"/
  [ -f "$dir/go.sum" ] && cp "$dir/go.sum" "$tmp/"
  log "kreuzwerker/docker $version: downloading the module and its dependencies from the Go module proxy"
  if ! (cd "$tmp" && go mod download github.com/terraform-providers/terraform-provider-docker >"$tmp/err" 2>&1); then
    cat "$tmp/err" >&2
    rm -rf "$tmp"
    return 1
  fi
  log "kreuzwerker/docker $version: compiling with $(go version | cut -d' ' -f3) (a few minutes the first time)"
  heartbeat "compiling kreuzwerker/docker $version" &
  beat=$!
  mkdir -p "$(dirname "$out")"
  (cd "$tmp" && CGO_ENABLED=0 go build -trimpath -o "$out.partial" github.com/terraform-providers/terraform-provider-docker) 2>"$tmp/err" || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    cat "$tmp/err" >&2
    rm -rf "$tmp"
    return 1
  fi
  mv "$out.partial" "$out"
  rm -rf "$tmp"
  log "kreuzwerker/docker $version: built $out"
  echo "$mirror $version"
}

fallback() { build "$here/fallback" 4.6.1-dev; }

if [ "${E2E_PROVIDER_VERSION:-}" = "fallback" ]; then
  log "E2E_PROVIDER_VERSION=fallback: using the fallback build"
  fallback
  exit
fi
if [ ! -x "$(binary_for 3.6.2)" ] && [ -f "$refused" ] && [ -x "$(binary_for 4.6.1-dev)" ] &&
  [ "${E2E_PROVIDER_STRICT:-0}" != 1 ] && [ "${E2E_PROVIDER_RETRY:-0}" != 1 ]; then
  log "using the cached 4.6.1-dev: the Go module proxy refused 3.6.2 ($(head -1 "$refused")); E2E_PROVIDER_RETRY=1 asks it again"
  echo "$mirror 4.6.1-dev"
  exit 0
fi
err="$(mktemp)"
if build "$here/v3.6.2" 3.6.2 2>"$err"; then cat "$err" >&2; rm -f "$err"; rm -f "$refused"; exit 0; fi
cat "$err" >&2
mkdir -p "$mirror"
reason="$(grep -o '[0-9][0-9][0-9] [A-Z][A-Za-z ]*' "$err" | head -1 || true)"
echo "${reason:-refused} on $(date -u +%Y-%m-%d)" >"$refused"
rm -f "$err"
log "kreuzwerker/docker 3.6.2 could not be fetched from the Go module proxy (error above)."
if [ "${E2E_PROVIDER_STRICT:-0}" = "1" ]; then exit 3; fi
log "falling back to the only version the proxy serves: upstream commit 96d331c (after v4.6.0), as 4.6.1-dev"
fallback
