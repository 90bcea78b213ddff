#!/usr/bin/env bash
# Installs the library into fresh consumer apps the ways the README documents and synthesizes a stack with each:
#   tarball   `npm pack` here, then `npm install <tarball>` in the app
#   path      `npm install --install-links <path of this clone>` (a copy, as from a tarball)
#   git       `npm install git+file://<this clone>#<HEAD commit>` (opt-in: npm installs the dev dependencies)
#   init      an app made by `cdktf init --template=typescript --local` as it is today (the newest TypeScript), the
#             README's fix (`npm install -D typescript@~5.9`), the tarball, `cdktf synth` with synthOrExplain (a
#             valid and an invalid stack), and the README's offline recipe: `cdktf diff` with an absolute
#             TF_CLI_CONFIG_FILE initializes kreuzwerker/docker from the filesystem mirror (no engine needed)
# Each app: one copy of cdktf, constructs and the provider bindings (the app's own, resolved as peers), types
# resolving (tsc, moduleResolution node16, exports map), `require` (CJS) and `import` (ESM) both synthesizing.
# Works offline once the npm cache holds this repository's dependencies (`npm ci` put them there).
# INSTALL_TEST=0 skips it; INSTALL_TEST_ROUTES=tarball limits it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${INSTALL_TEST:-1}" = 0 ]; then echo "install test did not run: INSTALL_TEST=0"; exit 0; fi
routes="${INSTALL_TEST_ROUTES:-tarball,path,init}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dnc-install-XXXXXX")"
log() { echo "[install $(date -u +%H:%M:%S)] $*"; }
fail() { echo "[install] FAILED: $*" >&2; echo "work directory kept: $work" >&2; exit 1; }
version() { node -p "require('$root/node_modules/$1/package.json').version"; }
peers=("cdktf@$(version cdktf)" "constructs@${INSTALL_TEST_CONSTRUCTS:-$(version constructs)}" "@cdktf/provider-docker@$(version @cdktf/provider-docker)")
npm_install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@"; }

tarball=""
if [[ ",$routes," == *,tarball,* || ",$routes," == *,init,* ]]; then
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
  # The engine entry (docker-network-cdktf/engine) with node16 and with the classic node resolution of the
  # tsconfig cdktf init writes (module CommonJS): the exports map serves the first, typesVersions the second.
  printf '%s\n' "import { compareWithEngines } from 'docker-network-cdktf/engine';" "import { BridgeNetwork } from 'docker-network-cdktf';" \
    'export const used = [compareWithEngines, BridgeNetwork];' >"$app/engine-entry.ts"
  for resolution in node16 node10; do
    module=commonjs; [ "$resolution" = node16 ] && module=node16
    (cd "$app" && node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --skipLibCheck --module "$module" \
      --moduleResolution "$resolution" engine-entry.ts) || fail "$route: docker-network-cdktf/engine does not type-check with moduleResolution $resolution"
  done
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

[[ ",$routes," == *,tarball,* ]] && consumer tarball "$tarball"
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
# A consumer app as `cdktf init` makes it today (README "A new app from cdktf init").
init_app() {
  local app="$work/app-init" cdktf="$root/node_modules/.bin/cdktf" out
  local mirror="${INSTALL_TEST_MIRROR:-$HOME/.cache/docker-network-cdktf/provider-mirror}"
  mkdir -p "$app"
  export CHECKPOINT_DISABLE=1
  log "init: cdktf init --template=typescript --local (cdktf-cli $(version cdktf-cli); its own npm installs, from the cache when it can)"
  (cd "$app" && TF_CLI_CONFIG_FILE="$root/terraform.rc" npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false \
    "$cdktf" init --template=typescript --local --project-name=consumer-init --project-description=consumer --enable-crash-reporting=false \
    >"$work/init.log" 2>&1) || fail "init: cdktf init (see $work/init.log)"
  local ts
  ts="$(node -p "require('$app/node_modules/typescript/package.json').version")"
  cat >"$app/main.ts" <<'TS'
import { App, TerraformStack } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, ProviderVersion, synthOrExplain } from 'docker-network-cdktf';

const app = new App();
const stack = new TerraformStack(app, 'consumer');
const host = new DockerHost(stack, 'host', process.env.PV ? { providerVersion: ProviderVersion.of(process.env.PV) } : {});
const net = new BridgeNetwork(stack, 'net', { subnet: process.env.SUBNET ?? '10.99.0.0/24' });
new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: net }] });
synthOrExplain(app);
TS
  if [ "${ts%%.*}" -ge 7 ]; then
    # What the README says happens without the fix; checked so that the README stays true.
    out="$(cd "$app" && npm_install "${peers[@]}" 2>&1)" && fail "init: npm install succeeded with TypeScript $ts (then the README's ERESOLVE note is stale)"
    grep -q 'ERESOLVE' <<<"$out" && grep -q 'from ts-jest@' <<<"$out" || fail "init: npm install failed, but not with ts-jest's ERESOLVE: $out"
    out="$(cd "$app" && npx ts-node main.ts 2>&1)" && fail "init: ts-node ran with TypeScript $ts (then the README's note is stale)"
    grep -q "reading 'fileExists'" <<<"$out" || fail "init: ts-node failed otherwise than the README says: ${out:0:2000}"
    log "init: TypeScript $ts: npm install fails with ERESOLVE (ts-jest's peer range) and ts-node crashes, as the README says"
    # The library's declarations with tsc 7 (installed past ts-jest's peer range for this check only).
    (cd "$app" && npm_install --legacy-peer-deps "${peers[@]}" "$tarball") >/dev/null || fail "init: npm install --legacy-peer-deps"
    echo '{ "extends": "./tsconfig.json", "compilerOptions": { "noEmit": true, "incremental": false, "types": ["node"] }, "include": [], "files": ["main.ts"] }' >"$app/tsconfig.main.json"
    (cd "$app" && node_modules/.bin/tsc -p tsconfig.main.json) || fail "init: tsc $ts on the app's main.ts"
    log "init: tsc $ts type-checks an app that uses the library"
  fi
  log "init: npm install -D typescript@~5.9, then ${peers[*]} and the tarball"
  (cd "$app" && npm_install -D 'typescript@~5.9' && npm_install "${peers[@]}" "$tarball") || fail "init: npm install after the fix"
  local pv=""
  if [ -d "$mirror/registry.terraform.io/kreuzwerker/docker" ] && [ ! -d "$mirror/registry.terraform.io/kreuzwerker/docker/3.6.2" ]; then
    pv="$(ls "$mirror/registry.terraform.io/kreuzwerker/docker" | tail -1)"
  fi
  cat >"$app/mirror.tfrc" <<HCL
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/kreuzwerker/docker"]
  }
  direct {
    exclude = ["registry.terraform.io/kreuzwerker/docker"]
  }
}
HCL
  # A valid stack, with the relative TF_CLI_CONFIG_FILE the README warns about: synth says how to fix it.
  out="$(cd "$app" && CI=true PV="$pv" TF_CLI_CONFIG_FILE=mirror.tfrc "$cdktf" synth --no-color 2>&1)" || fail "init: cdktf synth: $out"
  grep -q "TF_CLI_CONFIG_FILE=mirror.tfrc is a relative path.*TF_CLI_CONFIG_FILE=$app/mirror.tfrc" <<<"$out" || fail "init: no warning about the relative TF_CLI_CONFIG_FILE: $out"
  [ -f "$app/cdktf.out/stacks/consumer/cdk.tf.json" ] || fail "init: cdktf synth wrote no stack"
  # An invalid one: the list (live, and once more in cdktf's summary), no stack trace, no skipValidation hint.
  out="$(cd "$app" && CI=true PV="$pv" SUBNET=10.99.0.1/24 TF_CLI_CONFIG_FILE="$app/mirror.tfrc" "$cdktf" synth --no-color 2>&1)" && fail "init: an invalid stack synthesized"
  [ "$(grep -c 'has host bits set; did you mean 10.99.0.0/24?' <<<"$out")" = 2 ] || fail "init: the problem is not listed exactly twice (the app's line and cdktf's summary): $out"
  if grep -qE 'skipValidation|^ +at |checkpoint-api' <<<"$out" || grep -q $'\e\[' <<<"$out"; then fail "init: a stack trace, the skipValidation hint, a checkpoint line or an escape code: $out"; fi
  log "init: cdktf synth: a valid stack synthesizes, an invalid one prints its problem without a stack trace or hint"
  if [ -n "$(ls "$mirror/registry.terraform.io/kreuzwerker/docker" 2>/dev/null)" ]; then
    # The README's recipe: TF_CLI_CONFIG_FILE="$PWD/mirror.tfrc". cdktf diff runs terraform init inside
    # cdktf.out/stacks/consumer, which must take kreuzwerker/docker from the mirror (the plan then needs an engine).
    out="$(cd "$app" && CI=true PV="$pv" TF_CLI_CONFIG_FILE="$PWD/mirror.tfrc" "$cdktf" diff consumer --no-color --skip-provider-lock 2>&1)" || true
    grep -q 'Terraform has been successfully initialized' <<<"$out" && grep -qE "Installing kreuzwerker/docker v|Using previously-installed kreuzwerker/docker v" <<<"$out" ||
      fail "init: terraform init with the mirror recipe: $out"
    log "init: the README's mirror recipe: terraform init took kreuzwerker/docker ${pv:-3.6.2} from $mirror"
  else
    log "init: no provider mirror at $mirror (INSTALL_TEST_MIRROR; e2e/provider/build.sh builds one): the offline recipe was not run"
  fi
  log "init: ok (cdktf init's app, TypeScript fix, tarball, synthOrExplain, offline terraform init)"
}
[[ ",$routes," == *,init,* ]] && init_app
[[ ",$routes," == *,git,* ]] && consumer git "git+file://$root#$(git -C "$root" rev-parse HEAD)"
# ---- the package's command-line tool (issue 19), in each app installed above: `npx docker-network-cdktf` with
# --help, `report` on the app's own synthesized stack (declared; --live against no engine), `orphans` against a
# stack with no state and no engine (a clear message, exit 1 or 4, nothing touched) and `compose import`.
cli_check() { # <route>
  local route="$1" app="$work/app-$1" out rc
  [ -d "$app" ] || return 0
  if [ -n "$tarball" ] && [ "$route" = tarball ]; then
    grep -qx "package/dist/cli/main.js" "$work/contents" || fail "the tarball lacks dist/cli/main.js (the bin)"
  fi
  run_cli() { (cd "$app" && npx --no-install docker-network-cdktf "$@" >"$work/cli.out" 2>"$work/cli.err"); }
  expect_rc() { # <want> <what>
    [ "$rc" = "$1" ] || fail "$route: npx docker-network-cdktf $2: exit $rc (wanted $1): $(cat "$work/cli.out" "$work/cli.err")"
  }
  rc=0; run_cli --help || rc=$?; expect_rc 0 --help
  grep -q '^usage: docker-network-cdktf <command>' "$work/cli.out" || fail "$route: --help printed no usage"
  rc=0; run_cli report --help || rc=$?; expect_rc 0 "report --help"
  rc=0; run_cli bogus || rc=$?; expect_rc 2 bogus
  echo "const { App, TerraformStack } = require('cdktf'); const { BridgeNetwork, Container, DockerHost, TopologyReport } = require('docker-network-cdktf');
    const app = new App({ outdir: 'out-cli' });
    const stack = new TerraformStack(app, 'consumer');
    const host = new DockerHost(stack, 'host');
    const net = new BridgeNetwork(stack, 'net', { name: 'consumer-net', subnet: '10.99.0.0/24' });
    new Container(stack, 'web', { name: 'consumer-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    TopologyReport.addToEveryStack(app);
    app.synth();" >"$app/cli-stack.cjs"
  (cd "$app" && node cli-stack.cjs) || fail "$route: node cli-stack.cjs"
  rc=0; run_cli report out-cli/stacks/consumer --no-color || rc=$?; expect_rc 0 "report out-cli/stacks/consumer"
  grep -q 'Topology of stack consumer (as declared)' "$work/cli.out" && grep -q 'consumer-net' "$work/cli.out" || fail "$route: report printed no topology"
  rc=0; DOCKER_HOST=unix:///nonexistent/docker.sock run_cli report out-cli/stacks/consumer --live || rc=$?; expect_rc 1 "report --live (no engine)"
  grep -q 'cannot read host default (engine unix:///nonexistent/docker.sock)' "$work/cli.err" || fail "$route: report --live without an engine: $(cat "$work/cli.err")"
  rc=0; DOCKER_HOST=unix:///nonexistent/docker.sock run_cli orphans out-cli/stacks/consumer || rc=$?; local orphans_rc=$rc
  { [ "$rc" = 1 ] || [ "$rc" = 4 ]; } && grep -q 'terraform init' "$work/cli.err" || fail "$route: orphans without state or engine: exit $rc: $(cat "$work/cli.out" "$work/cli.err")"
  printf 'name: imported\nservices:\n  web:\n    image: busybox:1.36\n    networks: [front]\nnetworks:\n  front: {}\n' >"$app/compose.yaml"
  # compose import checks the stack with the TypeScript compiler API before writing it: without TypeScript in the
  # app it writes nothing (exit 1, with the fix); with it (from the npm cache, as a TypeScript app has it) it writes.
  if [ ! -d "$app/node_modules/typescript" ]; then
    rc=0; run_cli compose import compose.yaml --out imported.ts || rc=$?; expect_rc 1 "compose import without TypeScript"
    grep -q 'could not be type-checked: no typescript package was found' "$work/cli.err" && [ ! -e "$app/imported.ts" ] || fail "$route: compose import without TypeScript: $(cat "$work/cli.err")"
    (cd "$app" && npm_install -D 'typescript@~5.9') || fail "$route: npm install -D typescript@~5.9"
  fi
  rc=0; run_cli compose import compose.yaml --out imported.ts || rc=$?; expect_rc 0 "compose import"
  grep -q 'it type-checks and synthesizes' "$work/cli.err" || fail "$route: compose import did not check the stack: $(cat "$work/cli.err")"
  grep -q 'from "docker-network-cdktf"' "$app/imported.ts" || fail "$route: compose import: the stack does not import the package"
  # The generated stack type-checks against the installed package (require.main declared: the app has no @types/node).
  echo 'declare const require: { main: unknown }; declare const module: unknown;' >"$app/node-globals.d.ts"
  echo '{ "compilerOptions": { "module": "node16", "moduleResolution": "node16", "target": "ES2022", "strict": true, "skipLibCheck": true, "noEmit": true, "types": [] }, "files": ["imported.ts", "node-globals.d.ts"] }' >"$app/tsconfig.imported.json"
  (cd "$app" && node "$root/node_modules/typescript/bin/tsc" -p tsconfig.imported.json) || fail "$route: tsc imported.ts"
  log "$route: npx docker-network-cdktf --help, report (declared; --live without an engine: exit 1), orphans without state (exit $orphans_rc), compose import: ok"
}
for route in tarball path git; do cli_check "$route"; done
# ---- verify (issue 19), in each app installed above, without an engine: --help says what it checks and what the
# probe image needs; on the app's own synthesized stack it names the engine it could not reach, on a stack name
# that was never synthesized it says to synthesize: both exit 5 (could not verify), and nothing is started.
verify_check() { # <route>
  local route="$1" app="$work/app-$1" rc
  [ -d "$app" ] && [ -d "$app/out-cli/stacks/consumer" ] || return 0
  run_verify() { (cd "$app" && npx --no-install docker-network-cdktf verify "$@" >"$work/verify.out" 2>"$work/verify.err"); }
  want() { [ "$rc" = "$1" ] || fail "$route: npx docker-network-cdktf verify $2: exit $rc (wanted $1): $(cat "$work/verify.out" "$work/verify.err")"; }
  rc=0; run_verify --help || rc=$?; want 0 --help
  grep -q '^usage: docker-network-cdktf verify <stack>' "$work/verify.out" && grep -q 'nslookup, ping, nc, ip and timeout' "$work/verify.out" || fail "$route: verify --help: $(cat "$work/verify.out")"
  rc=0; DOCKER_HOST=unix:///nonexistent/docker.sock run_verify out-cli/stacks/consumer || rc=$?; want 5 "out-cli/stacks/consumer (no engine)"
  grep -q '^cannot reach host default (engine unix:///nonexistent/docker.sock)' "$work/verify.err" || fail "$route: verify without an engine: $(cat "$work/verify.err")"
  rc=0; run_verify consumer || rc=$?; want 5 "consumer (not synthesized under cdktf.out)"
  grep -q '^stack consumer is not synthesized: no cdktf.out/stacks/consumer/cdk.tf.json; run cdktf synth' "$work/verify.err" || fail "$route: verify of a stack not synthesized: $(cat "$work/verify.err")"
  log "$route: npx docker-network-cdktf verify --help, verify without an engine (exit 5), verify of a stack not synthesized (exit 5): ok"
}
for route in tarball path git; do verify_check "$route"; done
rm -rf "$work"
log "all routes passed: $routes"
