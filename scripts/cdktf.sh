#!/usr/bin/env bash
# Runs the project's pinned cdktf CLI. cdktf refuses to work without a readable Terraform CLI config; when you
# have none (~/.terraformrc, TF_CLI_CONFIG_FILE), this points it at the repository's empty terraform.rc.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node "$root/scripts/ensure-deps.js"
if [ -z "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -r "$HOME/.terraformrc" ]; then
  export TF_CLI_CONFIG_FILE="$root/terraform.rc"
fi
export CHECKPOINT_DISABLE=1
cd "$root"
exec "$root/node_modules/.bin/cdktf" "$@"
