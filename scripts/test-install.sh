#!/usr/bin/env bash
# Installs the library into fresh consumer apps the ways the README documents and synthesizes a stack with each:
#   tarball   `npm pack` here, then `npm install <tarball>` in the app
#   path      `npm install --install-links <path of this clone>` (a copy, as from a tarball)
#   git       `npm install git+file://<this clone>#<HEAD commit>` (opt-in: npm installs the dev dependencies)
# Each app: one copy of cdktf, constructs and the provider bindings (the app's own, resolved as peers), types
# resolving (tsc, moduleResolution node16, exports map), `require` (CJS) and `import` (ESM) both synthesizing.
# Works offline once the npm cache holds this repository's dependencies (`npm ci` put them there).
# INSTALL_TEST=0 skips it; INSTALL_TEST_ROUTES=tarball limits it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${INSTALL_TEST:-1}" = 0 ]; then echo "install test did not run: INSTALL_TEST=0"; exit 0; fi
routes="${INSTALL_TEST_ROUTES:-tarball,path}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dnc-install-XXXXXX")"
log() { echo "[install $(date -u +%H:%M:%S)] $*"; }
fail() { echo "[install] FAILED: $*" >&2; echo "work directory kept: $work" >&2; exit 1; }
version() { node -p "require('$root/node_modules/$1/package.json').version"; }
peers=("cdktf@$(version cdktf)" "constructs@${INSTALL_TEST_CONSTRUCTS:-$(version constructs)}" "@cdktf/provider-docker@$(version @cdktf/provider-docker)")
npm_install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@"; }

tarball=""
if [[ ",$routes," == *,tarball,* ]]; then
  log "npm pack (prepack builds dist/)"
  tarball="$work/$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)"
  tar -tzf "$tarball" >"$work/contents"
  grep -qx "package/dist/constructs/index.d.ts" "$work/contents" || fail "the tarball lacks dist/constructs/index.d.ts"
fi

consumer() { # <route> <install spec...>
  local route="$1" app="$work/app-$1"
  shift
  mkdir -p "$app"
  cat >"$app/package.json" <<JSON
{ "name": "consumer-$route", "version": "1.0.0", "private": true }
JSON
  log "$route: npm install ${peers[*]} $*"
  (cd "$app" && npm_install "${peers[@]}" "$@") || fail "$route: npm install"
  [ -L "$app/node_modules/docker-network-cdktf" ] && fail "$route: installed as a symlink (peers would resolve from the clone)"
  # One copy of each peer: the library resolves them to the app's own.
  (cd "$app" && node -e '
    const path = require("path");
    const lib = path.dirname(require.resolve("docker-network-cdktf/package.json"));
    for (const p of ["cdktf", "constructs", "@cdktf/provider-docker/lib/provider"]) {
      const fromLib = require.resolve(p, { paths: [lib] });
      if (fromLib !== require.resolve(p)) { console.error(`${p}: two copies (${fromLib})`); process.exit(1); }
    }') || fail "$route: peers resolve to a second copy"
  cat >"$app/stack.ts" <<'TS'
import { App, TerraformStack } from 'cdktf';
import { BridgeNetwork, Container, DockerHost } from 'docker-network-cdktf';

const app = new App({ outdir: 'out-ts' });
const stack = new TerraformStack(app, 'consumer');
const host = new DockerHost(stack, 'host');
const net: BridgeNetwork = new BridgeNetwork(stack, 'net', { subnet: '10.99.0.0/24' });
new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: net }] });
// @ts-expect-error: the library's types reach the app (subnet must be a string)
new BridgeNetwork(stack, 'typo', { subnet: 24 });
TS
  cat >"$app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true, "skipLibCheck": true, "noEmit": true, "types": [] }, "files": ["stack.ts"] }
JSON
  (cd "$app" && node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json) || fail "$route: tsc"
  local body='
    const app = new App({ outdir: process.argv[2] });
    const stack = new TerraformStack(app, "consumer");
    const host = new DockerHost(stack, "host");
    const net = new BridgeNetwork(stack, "net", { subnet: "10.99.0.0/24" });
    new Container(stack, "web", { image: host.image("busybox:1.36"), networks: [{ network: net }] });
    app.synth();'
  echo "const { App, TerraformStack } = require('cdktf'); const { BridgeNetwork, Container, DockerHost } = require('docker-network-cdktf');$body" >"$app/stack.cjs"
  echo "import { App, TerraformStack } from 'cdktf'; import { BridgeNetwork, Container, DockerHost } from 'docker-network-cdktf';$body" >"$app/stack.mjs"
  for kind in cjs mjs; do
    (cd "$app" && node "stack.$kind" "out-$kind") || fail "$route: node stack.$kind"
    node -e '
      const doc = require(process.argv[1]);
      const n = Object.values(doc.resource.docker_network)[0];
      if (n.ipam_config[0].subnet !== "10.99.0.0/24" || !doc.resource.docker_container) process.exit(1);' \
      "$app/out-$kind/stacks/consumer/cdk.tf.json" || fail "$route: $kind synth output"
  done
  log "$route: ok (one copy of cdktf/constructs/provider, types resolve, require and import synthesize)"
}

[ -n "$tarball" ] && consumer tarball "$tarball"
[[ ",$routes," == *,path,* ]] && consumer path --install-links "$root"
# What the README says of a plain path install: npm links the clone, and the library's peers then resolve from
# the clone's own node_modules (a second copy). Checked, so that the advice to use --install-links stays true.
if [[ ",$routes," == *,path,* ]] && [ -d "$root/node_modules/cdktf" ]; then
  app="$work/app-symlink"
  mkdir -p "$app" && echo '{ "name": "consumer-symlink", "version": "1.0.0", "private": true }' >"$app/package.json"
  (cd "$app" && npm_install "${peers[@]}" "$root") || fail "symlink: npm install"
  [ -L "$app/node_modules/docker-network-cdktf" ] || fail "symlink: npm did not link the clone (then the README's warning is stale)"
  (cd "$app" && node -e '
    const lib = require("path").dirname(require.resolve("docker-network-cdktf/package.json"));
    process.exit(require.resolve("cdktf", { paths: [lib] }) !== require.resolve("cdktf") ? 0 : 1)') ||
    fail "symlink: the linked clone shares the app's cdktf (then the README's warning is stale)"
  log "path without --install-links: linked, and cdktf resolves to the clone's copy, as the README warns"
fi
[[ ",$routes," == *,git,* ]] && consumer git "git+file://$root#$(git -C "$root" rev-parse HEAD)"
rm -rf "$work"
log "all routes passed: $routes"
