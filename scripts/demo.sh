#!/usr/bin/env bash
# Deploys the demo topology (every example stack) to the local Docker engine: DOCKER_HOST, else the local
# socket. Needs Docker, Terraform (or OpenTofu with TERRAFORM_BINARY_NAME=tofu) and Node 20.
#   scripts/demo.sh [deploy] [cdktf options]   deploy, e.g. `npm run demo -- --skip-provider-lock` when the
#                                              Terraform registry is unreachable and a mirror serves the provider
#   scripts/demo.sh destroy [cdktf options]    remove everything the demo created
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stacks=(default-bridge custom-bridge address-plan links tiers exposure)
action="${1:-deploy}"
shift || true
if ! docker version >/dev/null 2>&1; then
  echo "No Docker engine answers (docker version failed). Start Docker, or set DOCKER_HOST, then run this again." >&2
  exit 1
fi
case "$action" in
deploy)
  "$root/scripts/cdktf.sh" deploy "${stacks[@]}" --auto-approve "$@"
  echo
  echo "Deployed. Try:"
  echo "  docker network inspect app-net                       # subnet, gateway, bridge br-app"
  echo "  docker exec app-client ping -c1 www                  # DNS by alias on a user-defined network"
  echo "  docker exec legacy-client cat /etc/hosts             # docker0: no names, only addresses"
  echo "Remove it with: npm run demo:destroy"
  ;;
destroy)
  "$root/scripts/cdktf.sh" destroy "${stacks[@]}" --auto-approve "$@"
  ;;
*)
  echo "usage: scripts/demo.sh [deploy|destroy]" >&2
  exit 64
  ;;
esac
