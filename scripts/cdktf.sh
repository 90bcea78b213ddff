#!/usr/bin/env bash
# Runs the project's pinned cdktf CLI.
#
# - cdktf refuses to work without a readable Terraform CLI config: when you have none (no ~/.terraformrc and
#   TF_CLI_CONFIG_FILE unset), or TF_CLI_CONFIG_FILE names a file that cannot be read, this points it at the
#   repository's empty terraform.rc (and says so in the second case).
# - Plain output when stdout is not a terminal or CI is set: no spinner frames, no escape codes. cdktf's
#   renderer (ink) draws frames unless it detects CI (CI, CONTINUOUS_INTEGRATION, BUILD_NUMBER or RUN_ID set);
#   this sets CONTINUOUS_INTEGRATION=1 rather than CI, because CI also freezes AddressPlan lock files.
#   `--no-color` and FORCE_COLOR=0 remove colours from cdktf's and Terraform's output.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node "$root/scripts/ensure-deps.js"
if [ -n "${TF_CLI_CONFIG_FILE:-}" ]; then
  if [ ! -r "$TF_CLI_CONFIG_FILE" ]; then
    echo "note: TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE cannot be read; using the empty $root/terraform.rc instead" >&2
    export TF_CLI_CONFIG_FILE="$root/terraform.rc"
  fi
elif [ ! -r "$HOME/.terraformrc" ]; then
  export TF_CLI_CONFIG_FILE="$root/terraform.rc"
fi
export CHECKPOINT_DISABLE=1
args=("$@")
if [ ! -t 1 ] || [ -n "${CI:-}" ]; then
  export CONTINUOUS_INTEGRATION="${CONTINUOUS_INTEGRATION:-1}" FORCE_COLOR=0 TF_IN_AUTOMATION=1
  case "${1:-}" in
  synth | deploy | apply | destroy | diff | plan | output | outputs | list | watch) args+=(--no-color) ;;
  esac
fi
cd "$root"
exec "$root/node_modules/.bin/cdktf" "${args[@]}"
