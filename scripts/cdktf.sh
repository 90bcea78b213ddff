#!/usr/bin/env bash
# Runs the project's pinned cdktf CLI.
#
# - cdktf refuses to work without a readable Terraform CLI config: when you have none (no ~/.terraformrc and
#   TF_CLI_CONFIG_FILE unset), or TF_CLI_CONFIG_FILE names a file that cannot be read, this points it at the
#   repository's empty terraform.rc (and says so in the second case).
# - Plain output when stdout is not a terminal or CI is set: no spinner frames, no escape codes. cdktf's
#   renderer (ink) draws frames unless it detects CI (CI, CONTINUOUS_INTEGRATION, BUILD_NUMBER or RUN_ID set);
#   this sets CONTINUOUS_INTEGRATION=1 rather than CI, because CI also freezes AddressPlan lock files.
#   `--no-color` and FORCE_COLOR=0 remove colours from cdktf's and Terraform's output; CHECKPOINT_DISABLE=1 stops
#   Terraform's version check (offline it logs a `checkpoint-api ... [ERROR]` line per command).
# - A relative TF_CLI_CONFIG_FILE is made absolute (from the directory `npm run` was started in): Terraform runs
#   inside <output>/stacks/<stack> and would not find it.
# - `diff`/`deploy`/`destroy <stack>...`: DNC_ASKED_STACKS names them, and main.ts synthesizes only those when
#   every word is an example stack (a glob, an option's value or an unknown name: every stack, as before).
# - Deploy speed (measured by `npm run bench:deploy`, see README "Deploy benchmark"): Terraform works on at most
#   10 resources at a time unless told otherwise, while the Docker provider waits 2 s in every network read and
#   delete; the engine, not Terraform, should limit a deploy. So `terraform apply`, `plan` and `destroy` get
#   -parallelism=$DNC_TF_PARALLELISM (default 256), and `destroy` skips its refresh (-refresh=false): the
#   provider's deletes already accept containers and networks that are gone, and the refresh only re-reads every
#   object first. A -parallelism you pass (cdktf --terraform-parallelism) wins; a TF_CLI_ARGS_<command> you set
#   replaces these; DNC_TF_DESTROY_REFRESH=1 keeps the refresh before destroy.
# - Saved plans hold secrets: `cdktf diff` and `cdktf deploy` save Terraform's plan as `<output>/stacks/<stack>/plan`
#   and leave it there, and a saved plan holds every sensitive variable (TLS keys, registry passwords) in clear
#   text and the prior state. The plan is written with umask 077 (mode 0600) and removed when cdktf ends, however
#   it ends (only files named `plan` directly in a stack directory of the output directory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
node "$root/scripts/ensure-deps.js"
if [ -n "${TF_CLI_CONFIG_FILE:-}" ]; then
  # Terraform runs inside <output>/stacks/<stack>: a relative path would be looked for there. Taken from the
  # directory the user ran `npm run` in (INIT_CWD), and passed on absolute.
  given_relative=
  case "$TF_CLI_CONFIG_FILE" in
  /*) ;;
  *) given_relative=" (the relative path given is taken from where npm run was started)"; export TF_CLI_CONFIG_FILE="${INIT_CWD:-$PWD}/$TF_CLI_CONFIG_FILE" ;;
  esac
  if [ ! -r "$TF_CLI_CONFIG_FILE" ]; then
    echo "note: TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE cannot be read$given_relative; using the empty $root/terraform.rc instead" >&2
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
# The stacks a command names (`diff custom-bridge`): main.ts builds only those when each is an example stack,
# so the output shows their warnings and not every other stack's (DNC_SYNTH_STACKS, when set, wins).
case "${1:-}" in
deploy | apply | destroy | diff | plan | output | outputs | watch)
  asked=()
  for a in "${args[@]:1}"; do case "$a" in -*) ;; *) asked+=("$a") ;; esac; done
  export DNC_ASKED_STACKS="$(IFS=,; echo "${asked[*]}")"
  ;;
esac
parallelism="-parallelism=${DNC_TF_PARALLELISM:-256}"
export TF_CLI_ARGS_apply="${TF_CLI_ARGS_apply-$parallelism}"
export TF_CLI_ARGS_plan="${TF_CLI_ARGS_plan-$parallelism}"
destroy_refresh=""
[ "${DNC_TF_DESTROY_REFRESH:-0}" = 1 ] || destroy_refresh=" -refresh=false"
export TF_CLI_ARGS_destroy="${TF_CLI_ARGS_destroy-$parallelism$destroy_refresh}"
cd "$root"
# The output directory: --output DIR / --output=DIR / -o DIR, else cdktf.json's "output", else cdktf.out.
out=""
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
  --output | -o) out="${args[i + 1]:-}" ;;
  --output=*) out="${args[i]#--output=}" ;;
  esac
done
[ -n "$out" ] || out="$(node -e 'try { process.stdout.write(String(require(process.argv[1]).output || "")) } catch {}' "$root/cdktf.json")"
[ -n "$out" ] || out=cdktf.out
remove_saved_plans() {
  local f
  for f in "$out"/stacks/*/plan; do
    if [ -f "$f" ] && [ ! -L "$f" ]; then rm -f -- "$f"; fi
  done
}
trap remove_saved_plans EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
umask 077
rc=0
"$root/node_modules/.bin/cdktf" "${args[@]}" || rc=$?
exit "$rc"
