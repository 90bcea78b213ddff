#!/usr/bin/env bash
# Prints the path of a Terraform CLI for the suite: $TERRAFORM_BINARY_NAME, else `terraform` or `tofu` on PATH,
# else, with E2E_BUILD_OPENTOFU=1, OpenTofu built from its Go module into the cache (a few minutes, once).
# Progress goes to stderr.
set -euo pipefail
version="${E2E_OPENTOFU_VERSION:-v1.10.10}"
cache="${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-network-cdktf}"
for candidate in "${TERRAFORM_BINARY_NAME:-}" terraform tofu "$cache/opentofu/$version/tofu"; do
  [ -n "$candidate" ] || continue
  if path="$(command -v "$candidate" 2>/dev/null)" && "$path" version >/dev/null 2>&1; then
    echo "$path"
    exit 0
  fi
done
if [ "${E2E_BUILD_OPENTOFU:-0}" != "1" ]; then
  echo "no terraform or tofu on PATH (set E2E_BUILD_OPENTOFU=1, as E2E=1 does, to build OpenTofu)" >&2
  exit 2
fi
if ! command -v go >/dev/null 2>&1; then
  echo "no terraform or tofu on PATH and no Go toolchain to build OpenTofu" >&2
  exit 2
fi
echo "[terraform] no Terraform CLI: building OpenTofu $version from the Go module proxy" >&2
# `go install` refuses OpenTofu (its go.mod has replace directives), so build inside the downloaded module.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dir="$(cd "$tmp" && go mod init tofu-build >/dev/null 2>&1 && go mod download -json "github.com/opentofu/opentofu@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "could not download github.com/opentofu/opentofu@$version" >&2; exit 3; }
mkdir -p "$cache/opentofu/$version"
(cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$cache/opentofu/$version/tofu" ./cmd/tofu) >&2
echo "$cache/opentofu/$version/tofu"
