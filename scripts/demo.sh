#!/usr/bin/env bash
# Deploys the demo topology (the six network example stacks below; not overlay, app-swarm or multi-host, which need
# a swarm or two engines, nor the application example app) to a Docker engine, and removes it.
# Needs Docker, Terraform (or OpenTofu with TERRAFORM_BINARY_NAME=tofu) and Node 20.
#
#   scripts/demo.sh [deploy] [cdktf options]   deploy (`npm run demo`)
#   scripts/demo.sh destroy                    remove it (`npm run demo:destroy`), with the deploy's settings
#
# Settings (environment), for machines without the Terraform registry or Docker Hub:
#   DOCKER_HOST               the engine (default: the local socket)
#   DEMO_IMAGE                the image every container runs (default busybox:1.36, pulled from Docker Hub);
#                             e.g. one built locally by `e2e/image.sh demo-busybox:latest`, or from a private
#                             registry (registry.example.com:5000/busybox:1.36)
#   DEMO_PROVIDER_MIRROR      a filesystem mirror holding kreuzwerker/docker (<dir>/registry.terraform.io/
#                             kreuzwerker/docker/<version>/<os>_<arch>/...); the demo writes a CLI config for it
#   DEMO_PROVIDER_NETWORK_MIRROR  a provider network mirror URL (https://.../), instead of the above
#   DEMO_PROVIDER_VERSION     the kreuzwerker/docker version to write for (default 3.6.2; with a filesystem
#                             mirror holding one version only, that version)
#   TF_CLI_CONFIG_FILE        your own Terraform CLI config (provider_installation), instead of the mirrors above
#   TERRAFORM_BINARY_NAME     terraform (default) or tofu
#
# The deploy writes these settings (and its cdktf options) to .demo/settings (DEMO_STATE_DIR moves .demo/);
# destroy reads them back, so `npm run demo:destroy` always removes what `npm run demo` created, whatever the
# shell it runs in.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stacks=(default-bridge custom-bridge address-plan links tiers exposure)
state="${DEMO_STATE_DIR:-$root/.demo}"
settings="$state/settings"
names=(DOCKER_HOST DEMO_IMAGE DEMO_PROVIDER_MIRROR DEMO_PROVIDER_NETWORK_MIRROR DEMO_PROVIDER_VERSION TF_CLI_CONFIG_FILE TERRAFORM_BINARY_NAME)
action="${1:-deploy}"
shift || true
cdktf_opts=("$@")

case "$action" in
deploy)
  mkdir -p "$state"
  # A CLI config for a mirror: kreuzwerker/docker from there, every other provider as usual.
  if [ -n "${DEMO_PROVIDER_MIRROR:-}" ] || [ -n "${DEMO_PROVIDER_NETWORK_MIRROR:-}" ]; then
    if [ -n "${DEMO_PROVIDER_MIRROR:-}" ]; then
      DEMO_PROVIDER_MIRROR="$(cd "$DEMO_PROVIDER_MIRROR" && pwd)"
      method="filesystem_mirror {
    path    = \"$DEMO_PROVIDER_MIRROR\""
      versions=()
      for d in "$DEMO_PROVIDER_MIRROR"/registry.terraform.io/kreuzwerker/docker/*/; do [ -d "$d" ] && versions+=("$(basename "$d")"); done
      if [ "${#versions[@]}" = 0 ]; then
        echo "DEMO_PROVIDER_MIRROR=$DEMO_PROVIDER_MIRROR holds no registry.terraform.io/kreuzwerker/docker/<version>/" >&2
        exit 2
      fi
      if [ -z "${DEMO_PROVIDER_VERSION:-}" ] && [ "${#versions[@]}" = 1 ]; then
        DEMO_PROVIDER_VERSION="${versions[0]}"
        echo "The mirror holds kreuzwerker/docker ${versions[0]} only: the stacks are written for it (DEMO_PROVIDER_VERSION=${versions[0]})."
      fi
    else
      method="network_mirror {
    url     = \"$DEMO_PROVIDER_NETWORK_MIRROR\""
    fi
    TF_CLI_CONFIG_FILE="$state/terraformrc"
    cat >"$TF_CLI_CONFIG_FILE" <<RC
# Written by scripts/demo.sh: kreuzwerker/docker from a mirror, other providers from their registries.
provider_installation {
  $method
    include = ["registry.terraform.io/kreuzwerker/docker"]
  }
  direct {
    exclude = ["registry.terraform.io/kreuzwerker/docker"]
  }
}
RC
    # `cdktf deploy` would ask the registry for the provider's checksums (terraform providers lock).
    cdktf_opts+=(--skip-provider-lock)
  fi
  {
    echo "# Settings of the last \`npm run demo\` ($(date -u +%Y-%m-%dT%H:%M:%SZ)); \`npm run demo:destroy\` reads them."
    for n in "${names[@]}"; do [ -n "${!n:-}" ] && printf 'export %s=%q\n' "$n" "${!n}"; done
    printf 'cdktf_opts=(%s)\n' "$([ "${#cdktf_opts[@]}" -gt 0 ] && printf '%q ' "${cdktf_opts[@]}")"
  } >"$settings.new" # kept only once an engine answers: a deploy that cannot start leaves the last settings
  ;;
destroy)
  if [ -f "$settings" ]; then
    # shellcheck disable=SC1090
    source "$settings"
    echo "Using the settings of the deploy ($settings):"
    for n in "${names[@]}"; do [ -n "${!n:-}" ] && echo "  $n=${!n}"; done
    cdktf_opts+=("$@")
  fi
  ;;
*)
  echo "usage: scripts/demo.sh [deploy|destroy] [cdktf options]" >&2
  exit 64
  ;;
esac

for n in "${names[@]}"; do [ -n "${!n:-}" ] && export "${n?}"; done
if ! docker version >/dev/null 2>&1; then
  echo "No Docker engine answers (docker version failed). Start Docker, or set DOCKER_HOST, then run this again." >&2
  exit 1
fi
[ "$action" = deploy ] && mv "$settings.new" "$settings"
# main.ts builds only the demo's stacks: cdktf synthesizes the whole app first and would print the warnings of
# stacks the demo does not deploy (multi-host's VIP service).
DNC_SYNTH_STACKS="$(IFS=,; echo "${stacks[*]}")" \
  "$root/scripts/cdktf.sh" "$action" "${stacks[@]}" --auto-approve ${cdktf_opts[@]+"${cdktf_opts[@]}"}
echo
if [ "$action" = deploy ]; then
  echo "Deployed. Try:"
  echo "  docker network inspect app-net                       # subnet, gateway, bridge br-app"
  echo "  docker exec app-client ping -c1 www                  # DNS by alias on a user-defined network"
  echo "  docker exec legacy-client cat /etc/hosts             # docker0: no names, only addresses"
  echo "Remove it with: npm run demo:destroy   (it reuses these settings, saved in .demo/settings)"
else
  rm -f "$settings"
  echo "Destroyed: the demo's containers and networks are gone."
fi
