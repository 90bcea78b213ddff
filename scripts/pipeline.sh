#!/usr/bin/env bash
# The reviewed-pipeline recipe, one Terraform step per call, on a synthesized stack directory
# (cdktf.out/stacks/<stack> after `npm run synth`). The example pipelines (examples/pipelines/) and the
# real-engine suite (e2e/pipeline.ts) run exactly these commands.
#
#   pipeline.sh plan  DIR   init, then plan saved to DIR/plan.tfplan (the artifact a reviewer approves)
#   pipeline.sh apply DIR   init, then apply exactly DIR/plan.tfplan; Terraform refuses a stale plan (the state
#                           changed since it was made): "Saved plan is stale"
#   pipeline.sh drift DIR   init, then `plan -detailed-exitcode` without saving: did the engine drift from the state?
#
# DNC_VERIFY=1: after a successful apply, `docker-network-cdktf verify DIR` measures the deployed topology on the
# engine(s) with probes (README, "verify"); DNC_VERIFY_ARGS adds its options (e.g. "--image registry/busybox:1.36
# --port 8080"; words split on spaces). The stack needs TopologyReport (topology.json beside cdk.tf.json).
#
# Exit codes (Terraform's `-detailed-exitcode`, passed through):
#   plan, drift: 0 no changes / no drift, 2 changes / drift, 1 error (as is any other code)
#   apply:       0 applied, 1 error (stale plan, lock held longer than the lock timeout, provider error);
#                with DNC_VERIFY=1 after an apply that succeeded, verify's status: 0 every check passed, 1 a check
#                failed (the matrix names the pair), 5 could not verify (engine unreachable, no topology.json...)
#
# A saved plan holds every sensitive variable (TLS keys, registry passwords) in clear text, and the prior state:
# everything here is written with umask 077 (plan.tfplan mode 0600), the apply step removes plan.tfplan after
# applying it (or failing to: a retry needs a fresh plan or the artifact again), and the README's "Plans hold
# secrets" says how to keep secrets out of the plan or encrypt the artifact.
#
# Environment: TERRAFORM_BINARY_NAME (terraform or tofu), TF_LOCK_TIMEOUT (default 60s: how long to wait for
# a state lock another run holds), DNC_TF_PARALLELISM (default 256), and whatever the backend needs (e.g. PG_CONN_STR for the pg backend).
set -uo pipefail
umask 077
step="${1:?plan|apply|drift}"
dir="${2:?stack directory (cdktf.out/stacks/<stack>)}"
tf="${TERRAFORM_BINARY_NAME:-terraform}"
lock=(-lock-timeout="${TF_LOCK_TIMEOUT:-60s}")
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
# Terraform's default of 10 concurrent operations leaves the engine idle while the Docker provider waits 2 s in
# every network read (README "Deploy benchmark"): plan and apply get -parallelism, as scripts/cdktf.sh does.
export TF_CLI_ARGS_plan="${TF_CLI_ARGS_plan--parallelism=${DNC_TF_PARALLELISM:-256}}"
export TF_CLI_ARGS_apply="${TF_CLI_ARGS_apply--parallelism=${DNC_TF_PARALLELISM:-256}}"
say() { echo "[pipeline] $*"; }

"$tf" -chdir="$dir" init -input=false -no-color >"$dir/init.log" 2>&1 || {
  cat "$dir/init.log" >&2
  say "terraform init failed in $dir"
  exit 1
}
case "$step" in
plan)
  "$tf" -chdir="$dir" plan -input=false -no-color "${lock[@]}" -detailed-exitcode -out=plan.tfplan
  rc=$?
  case $rc in
  0) say "no changes; plan saved: $dir/plan.tfplan (mode 0600; it holds the sensitive variables in clear text)" ;;
  2) say "changes; plan saved for review and apply: $dir/plan.tfplan (mode 0600; it holds the sensitive variables in clear text)" ;;
  *) say "plan failed (exit $rc)" ;;
  esac
  exit $rc
  ;;
apply)
  [ -f "$dir/plan.tfplan" ] || { say "no saved plan $dir/plan.tfplan: run the plan step first"; exit 1; }
  chmod 600 "$dir/plan.tfplan" # an artifact download may have widened it
  "$tf" -chdir="$dir" apply -input=false -no-color "${lock[@]}" plan.tfplan
  rc=$?
  rm -f -- "$dir/plan.tfplan"
  if [ $rc = 0 ]; then say "applied the saved plan $dir/plan.tfplan (removed)"; else say "apply of the saved plan failed (exit $rc; plan removed: make a fresh one)"; fi
  [ $rc = 0 ] && [ "${DNC_VERIFY:-0}" = 1 ] || exit $rc
  # The package's command beside this script: dist/cli/main.js when built (the installed package), else the sources.
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if [ -f "$here/dist/cli/main.js" ]; then cli=(node "$here/dist/cli/main.js"); else cli=(node --import tsx "$here/cli/main.ts"); fi
  # shellcheck disable=SC2206 # DNC_VERIFY_ARGS is split on spaces on purpose
  extra=(${DNC_VERIFY_ARGS:-})
  say "verify: the deployed topology measured with probes (DNC_VERIFY=1)"
  "${cli[@]}" verify "$dir" "${extra[@]}"
  rc=$?
  case $rc in
  0) say "verify: every check passed" ;;
  1) say "VERIFY FAILED: the engine does not do what the stack declares (see the pairs above)" ;;
  *) say "verify could not run (exit $rc)" ;;
  esac
  exit $rc
  ;;
drift)
  "$tf" -chdir="$dir" plan -input=false -no-color "${lock[@]}" -detailed-exitcode
  rc=$?
  case $rc in
  0) say "no drift: the engine matches the state" ;;
  2) say "DRIFT: the engine differs from the state (see the plan above)" ;;
  *) say "drift check failed (exit $rc)" ;;
  esac
  exit $rc
  ;;
*)
  echo "usage: pipeline.sh plan|apply|drift DIR" >&2
  exit 64
  ;;
esac
