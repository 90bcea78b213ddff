#!/usr/bin/env bash
# Builds the kreuzwerker/docker Terraform provider into a filesystem mirror cached outside the repository (keyed
# by version), so later runs skip the build. Never commit the source or the binary.
#
# Two versions, both in the one mirror:
# - 3.6.2, the library's default (what @cdktf/provider-docker 12.0.3 pins). The Go module proxy refuses this
#   module, so it is built from a local copy of the upstream source tree at tag v3.6.2: E2E_PROVIDER_SOURCE=<dir>,
#   or the cache path $cache/source/terraform-provider-docker-v3.6.2 (see README, "Provider versions"). The tree
#   must be exactly that tag: its git tree hash is checked (TREE_3_6_2 below) before anything is built from it,
#   and the build uses the tree's own go.sum for every dependency. Without a tree, 3.6.2 is not built and the
#   script says so loudly (E2E_PROVIDER_STRICT=1 makes that an error, exit 3).
# - 4.6.1-dev, the only upstream version the proxy serves here (commit 96d331c, after v4.6.0; e2e/provider/fallback
#   pins it with a go.sum).
# Every binary gets a SHA-256 beside it (<binary>.sha256), written when built and checked at every use: a binary
# that does not match is deleted and built again.
#
# Last line of stdout: "<mirror dir> <version> [<version>]", the default version first (3.6.2 when it is there).
# E2E_PROVIDER_VERSIONS=3.6.2 or =4.6.1-dev builds only that one (E2E_PROVIDER_VERSION=fallback: 4.6.1-dev only).
# Progress (timestamped) and errors go to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf}"
mirror="$cache/provider-mirror"
platform="$(go env GOOS)_$(go env GOARCH)"
log() { echo "[provider $(date -u +%H:%M:%S)] $*" >&2; }

# The git tree hash of kreuzwerker/terraform-provider-docker at tag v3.6.2 (commit 2f20f8c3ce82).
TREE_3_6_2=7f4ad6c0b45b941045f39f727d565c0a40087625
FALLBACK=4.6.1-dev

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

sha() { sha256sum "$1" | cut -d' ' -f1; }

# 0 when the cached binary of <version> is there and matches its recorded checksum; a mismatch deletes it.
cached_ok() {
  local out
  out="$(binary_for "$1")"
  [ -x "$out" ] || return 1
  if [ ! -f "$out.sha256" ] || [ "$(sha "$out")" != "$(cat "$out.sha256")" ]; then
    log "kreuzwerker/docker $1: the cached binary does not match its recorded checksum ($out.sha256): deleting it and building again"
    rm -f "$out" "$out.sha256"
    return 1
  fi
  log "kreuzwerker/docker $1: cached, checksum ok ($out)"
  return 0
}

# compile <dir> <package> <version>: go build in <dir> into the mirror, with the checksum beside the binary.
compile() {
  local dir="$1" pkg="$2" version="$3" out beat rc=0 err
  out="$(binary_for "$version")"
  err="$(mktemp)"
  log "kreuzwerker/docker $version: compiling with $(go version | cut -d' ' -f3) (a few minutes the first time)"
  heartbeat "compiling kreuzwerker/docker $version" &
  beat=$!
  mkdir -p "$(dirname "$out")"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -ldflags "-X main.version=$version" -o "$out.partial" "$pkg") 2>"$err" || rc=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    cat "$err" >&2
    rm -f "$err" "$out.partial"
    return 1
  fi
  rm -f "$err"
  mv "$out.partial" "$out"
  sha "$out" >"$out.sha256"
  log "kreuzwerker/docker $version: built $out (sha256 $(cat "$out.sha256"))"
}

build_fallback() {
  cached_ok "$FALLBACK" && return 0
  local tmp
  tmp="$(mktemp -d)"
  cp "$here/fallback/go.mod" "$here/fallback/go.sum" "$here/fallback/tools.go" "$tmp/"
  log "kreuzwerker/docker $FALLBACK: downloading the module and its dependencies from the Go module proxy (checked against e2e/provider/fallback/go.sum)"
  if ! (cd "$tmp" && go mod download github.com/terraform-providers/terraform-provider-docker >"$tmp/err" 2>&1); then
    cat "$tmp/err" >&2
    rm -rf "$tmp"
    return 1
  fi
  compile "$tmp" github.com/terraform-providers/terraform-provider-docker "$FALLBACK" || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

# The git tree hash of a directory, computed with a throw-away index (the directory is not changed).
tree_hash() {
  local dir="$1" gd
  gd="$(mktemp -d)"
  (
    export GIT_DIR="$gd" GIT_WORK_TREE="$dir"
    git init -q && git add -A -f . && git write-tree
  ) 2>/dev/null || true
  rm -rf "$gd"
}

# Prints why 3.6.2 is not built (and returns 1), or builds it.
build_362() {
  cached_ok 3.6.2 && return 0
  local src="${E2E_PROVIDER_SOURCE:-$cache/source/terraform-provider-docker-v3.6.2}" tree
  if [ ! -d "$src" ]; then
    echo "no source tree of kreuzwerker/terraform-provider-docker v3.6.2 at $src (the Go module proxy refuses that module; put the upstream tree of tag v3.6.2 there, or set E2E_PROVIDER_SOURCE: see README, \"Provider versions\")"
    return 1
  fi
  if ! command -v git >/dev/null; then
    echo "git is needed to check that $src is the tree of tag v3.6.2"
    return 1
  fi
  tree="$(tree_hash "$src")"
  if [ "$tree" != "$TREE_3_6_2" ]; then
    echo "$src is not the source tree of tag v3.6.2 (git tree ${tree:-unreadable}, expected $TREE_3_6_2); it was not built"
    return 1
  fi
  log "kreuzwerker/docker 3.6.2: source tree $src is tag v3.6.2 (tree $tree); dependencies come from the Go module proxy, checked against its go.sum"
  if ! (cd "$src" && GOFLAGS=-mod=readonly go mod download >/dev/null 2>&1); then
    echo "downloading the dependencies of $src failed (GOFLAGS=-mod=readonly go mod download in it shows why)"
    return 1
  fi
  # A copy, so the build never writes into the user's tree.
  local tmp
  tmp="$(mktemp -d)"
  cp -a "$src/." "$tmp/"
  if ! GOFLAGS=-mod=readonly compile "$tmp" . 3.6.2; then
    rm -rf "$tmp"
    echo "building 3.6.2 from $src failed (error above)"
    return 1
  fi
  rm -rf "$tmp"
}

wanted="${E2E_PROVIDER_VERSIONS:-3.6.2,$FALLBACK}"
[ "${E2E_PROVIDER_VERSION:-}" = "fallback" ] && wanted="$FALLBACK"
versions=()
if [[ ",$wanted," == *",3.6.2,"* ]]; then
  if why="$(build_362)"; then
    versions+=(3.6.2)
  else
    log "!!! kreuzwerker/docker 3.6.2 (the library's default) was NOT built: $why"
    if [ "${E2E_PROVIDER_STRICT:-0}" = 1 ]; then exit 3; fi
    log "!!! the suite runs on $FALLBACK only"
  fi
fi
if [[ ",$wanted," == *",$FALLBACK,"* ]]; then
  build_fallback
  versions+=("$FALLBACK")
fi
[ "${#versions[@]}" -gt 0 ] || { log "no provider version was built (E2E_PROVIDER_VERSIONS=$wanted)"; exit 1; }
echo "$mirror ${versions[*]}"
