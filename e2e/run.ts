/**
 * The real-engine suite: deploys every example stack with Terraform and the kreuzwerker/docker provider to a
 * Docker engine, checks from inside the containers that the topology behaves as declared, checks that a second
 * plan is empty, destroys it and checks that nothing is left.
 *
 * Which engine: E2E_DOCKER_HOST if you set it (your engine, because you asked); otherwise a private dockerd
 * that this suite starts (root only) with its own socket and data root, and stops by PID when done. It never
 * deploys to an engine you run unless you name it. E2E=1 makes "cannot run" a failure instead of a notice.
 * E2E=0 skips the suite. E2E_STACKS=a,b limits it to some stacks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import Table from 'cli-table3';
import { ProviderVersion } from '../constructs';
import { ExampleStackProps } from '../stacks';
import { CASES, Redeploy, StackCase } from './cases';
import { COMPOSE_CASES } from './compose-cases';
import { INPUT_CASES } from './input-cases';
import { cleanupFaults, runFaults } from './faults';
import { CheckResult, Checks, Engine, hostRouteClashes, OutsideNamespace, progress, run, script } from './harness';
import { checkLiveReport } from './live-report';
import { checkVerify } from './verify';
import { PG_STATE_SEQUENCE } from './pg-state';
import { PIPELINE_SEQUENCE } from './pipeline';
import { CONSUMER_APP_SEQUENCE } from './consumer-app';
import { SSH_CASE, stopSshd } from './ssh';

const HERE = __dirname;
const IMAGE = 'e2e-busybox:latest';
const PINNED_VERSION = '3.6.2';

interface Timing {
  stack: string;
  /** The kreuzwerker/docker version the case ran on (what its cdk.tf.json asks for). */
  provider?: string;
  apply?: number;
  check?: number;
  replan?: number;
  destroy?: number;
  result: string;
}

function requested(): boolean {
  return process.env.E2E === '1';
}

function which(cmd: string): boolean {
  return run('sh', ['-c', `command -v ${cmd}`]).code === 0;
}

/** Why the suite cannot run here, or undefined when it can. */
function preflight(terraform: string): string | undefined {
  if (process.platform !== 'linux') return `the suite starts Linux network namespaces and bridges; this is ${process.platform}`;
  if (run(terraform, ['version']).code !== 0) return `no Terraform CLI (${terraform}); install Terraform or OpenTofu and set TERRAFORM_BINARY_NAME`;
  if (!which('docker')) return 'no docker CLI on PATH';
  if (!process.env.E2E_DOCKER_HOST) {
    if (process.getuid && process.getuid() !== 0) {
      return 'starting a private Docker engine needs root; to test against an engine you choose, set E2E_DOCKER_HOST (e.g. unix:///var/run/docker.sock)';
    }
    if (run('pgrep', ['-x', 'dockerd']).code === 0) {
      return 'a Docker engine already runs on this machine and the suite does not deploy to it unless you ask: E2E_DOCKER_HOST=unix:///var/run/docker.sock npm run test:e2e';
    }
    if (!which('dockerd')) return 'dockerd is not installed';
  }
  if (process.env.E2E_PROVIDER !== 'registry' && !which('go') && !fs.existsSync(providerCacheHint())) {
    return 'the kreuzwerker/docker provider is neither cached nor buildable (no Go toolchain); set E2E_PROVIDER=registry to let Terraform download it';
  }
  return undefined;
}

function providerCacheHint(): string {
  return path.join(process.env.E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'docker-network-cdktf'), 'provider-mirror');
}

/** Writes the Terraform CLI config: a filesystem mirror for kreuzwerker/docker when one was built. */
function writeCliConfig(work: string, mirror?: string): string {
  const file = path.join(work, 'terraformrc');
  const body = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n}\n`
    : '# empty: providers come from the registry\n';
  fs.writeFileSync(file, body);
  return file;
}

function seconds(start: number): number {
  return (Date.now() - start) / 1000;
}

async function main(): Promise<number> {
  if (process.env.E2E === '0') {
    console.log('real-engine tests did not run: E2E=0');
    return 0;
  }
  // Asked for, as root: install what a fresh Debian machine lacks (docker.io, iptables, busybox-static...).
  if (requested() && !process.env.E2E_DOCKER_HOST && process.getuid?.() === 0) {
    const inst = run('bash', [path.join(HERE, 'engine.sh'), 'install'], { timeoutMs: 900_000 });
    process.stderr.write(inst.stderr);
    if (inst.code !== 0) {
      console.error(`real-engine tests cannot run: installing their packages failed`);
      return 1;
    }
  }
  // Terraform: TERRAFORM_BINARY_NAME, terraform or tofu on PATH, else OpenTofu built from its Go module.
  const found = run(path.join(HERE, 'terraform.sh'), [], { timeoutMs: 1_200_000, env: { ...process.env, E2E_BUILD_OPENTOFU: requested() ? '1' : '0' } });
  const terraform = found.code === 0 ? found.stdout.trim() : process.env.TERRAFORM_BINARY_NAME ?? 'terraform';
  if (found.code !== 0) process.stderr.write(found.stderr);
  const reason = preflight(terraform);
  if (reason) {
    if (requested()) {
      console.error(`real-engine tests cannot run: ${reason}`);
      return 1;
    }
    console.log(`\nreal-engine tests did not run: ${reason}.\nRun them with \`npm run test:e2e\` (see README, "Real-engine tests").`);
    return 0;
  }

  const only = process.env.E2E_STACKS?.split(',').map((s) => s.trim()).filter(Boolean);
  const cases = [...CASES, SSH_CASE, ...COMPOSE_CASES, ...INPUT_CASES].filter((c) => !only || only.includes(c.name));
  // E2E_WORK_PARENT (set by .ci/run): the run's own parent directory, so its cleanup stops only its own engines.
  const parent = process.env.E2E_WORK_PARENT ?? os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const work = fs.mkdtempSync(path.join(parent, 'dnc-e2e-'));
  process.env.E2E_WORK = work;
  const engineDir = path.join(work, 'engine');
  let startedEngine = false;
  const outside = new OutsideNamespace();
  const stopEngine = () => {
    if (!startedEngine) return;
    startedEngine = false;
    try {
      script(path.join(HERE, 'engine.sh'), ['stop', engineDir]);
    } catch (e) {
      console.error(`stopping the private engine failed: ${(e as Error).message}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      stopSshd();
      stopEngine();
      cleanupFaults();
      outside.remove();
      process.exit(130);
    });
  }

  const results: CheckResult[] = [];
  const timings: Timing[] = [];
  const deviations: string[] = [];
  try {
    const why = outside.create();
    if (why) {
      if (requested() && !process.env.E2E_DOCKER_HOST) throw new Error(`cannot create the "outside" network namespace: ${why}`);
      progress('setup', `no "outside" namespace (${why}); the checks that need it are skipped`);
    } else {
      process.env.E2E_OUTSIDE = '1';
    }
    // 1. Engine
    let dockerHost = process.env.E2E_DOCKER_HOST;
    if (dockerHost) {
      progress('setup', `using the engine you named: ${dockerHost}`);
    } else {
      progress('setup', 'starting a private Docker engine');
      // A TLS listener on loopback too, for the HostEndpoint.tcp case.
      const tls = run(path.join(HERE, 'tls.sh'), [path.join(work, 'tls')], { timeoutMs: 60_000 });
      if (tls.code === 0) {
        process.env.E2E_TLS_DIR = path.join(work, 'tls');
        process.env.E2E_TLS_PORT = String(23000 + (process.pid % 1000));
      }
      startedEngine = true;
      dockerHost = script(path.join(HERE, 'engine.sh'), ['start', engineDir], process.env, 300_000).split('\n').pop()!;
    }
    const engine = new Engine(dockerHost);
    const serverVersion = engine.docker(['version', '-f', '{{.Server.Version}}']).trim();
    progress('setup', `engine ${serverVersion} at ${dockerHost}`);

    // 2. Image
    script(path.join(HERE, 'image.sh'), [IMAGE], engine.env(), 300_000);
    progress('setup', `test image ${IMAGE} ready`);

    // 3. Provider: 3.6.2 (the default) when its source tree is at hand, and 4.x; every stack runs on each.
    let mirror: string | undefined;
    let versions = [PINNED_VERSION];
    if (process.env.E2E_PROVIDER === 'registry') {
      progress('setup', 'kreuzwerker/docker comes from the Terraform registry');
    } else {
      const line = script(path.join(HERE, 'provider', 'build.sh'), [], process.env, 3_600_000).split('\n').pop()!;
      [mirror, ...versions] = line.split(' ');
      progress('setup', `kreuzwerker/docker ${versions.join(' and ')} from the mirror ${mirror}`);
      const asked = process.env.E2E_PROVIDER_VERSIONS?.split(',').map((v) => v.trim());
      if (!versions.includes(PINNED_VERSION) && (!asked || asked.includes(PINNED_VERSION))) {
        deviations.push(
          `provider: kreuzwerker/docker ${PINNED_VERSION}, the library's default, was NOT run (no source tree of tag v${PINNED_VERSION}: see the ` +
            `[provider] lines above and README, "Real-engine tests"); the stacks ran on ${versions.join(', ')} only, written for it by the library`,
        );
      }
    }
    const cliConfig = writeCliConfig(work, mirror);
    const tfEnv = { ...engine.env(), TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    // 4. Stacks, one at a time: deploy, check, re-plan, destroy. They are told the engine's own default bridge.
    const defaultBridge = engine.defaultBridge();
    progress('setup', `the engine's default bridge: ${defaultBridge.bridgeName} ${defaultBridge.subnet} (gateway ${defaultBridge.gateway})`);
    for (const providerVersion of versions) {
      progress('setup', `=== every case on kreuzwerker/docker ${providerVersion} ===`);
      const first = results.length;
      // Each version's sequences and faults get a work directory of their own (state, engines).
      const vwork = versions.length > 1 ? path.join(work, `provider-${providerVersion}`) : work;
      fs.mkdirSync(vwork, { recursive: true });
      const tfv = (dir: string, args: string[], timeoutMs: number, extra: Record<string, string> = {}) =>
        run(terraform, [...args, '-input=false', '-no-color'], { cwd: dir, env: { ...tfEnv, ...extra }, timeoutMs });
      for (const sc of cases) {
        timings.push(deployAndJudge(sc, vwork, engine, tfv, providerVersion, results, defaultBridge, { ...tfEnv, TERRAFORM_BINARY_NAME: terraform }));
      }
      // 5. Multi-step sequences: the pipeline recipe (e2e/pipeline.ts), shared state in PostgreSQL (e2e/pg-state.ts), a
      // consumer app made with cdktf init, deployed with the README's recipe and checked with the package's CLI.
      for (const seq of [PIPELINE_SEQUENCE, PG_STATE_SEQUENCE, CONSUMER_APP_SEQUENCE].filter((q) => !only || only.includes(q.name))) {
        const o = seq.run({ work: vwork, engine, terraform, tfEnv, providerVersion, image: IMAGE });
        results.push(...o.results);
        timings.push({ stack: o.stack, provider: o.provider, result: o.result });
      }
      // 6. Faults (e2e/faults.ts, on an engine of their own): dockerd killed, disconnects, foreign endpoints, races,
      // a provider crash.
      if (!only || only.includes('faults')) {
        const t = Date.now();
        const result = await runFaults({ work: vwork, terraform, tfEnv, providerVersion, image: IMAGE }, results);
        timings.push({ stack: 'faults', provider: providerVersion, check: seconds(t), result });
      }
      // Failures name the version they ran on.
      results.splice(first, results.length - first, ...results.slice(first).map((r) => ({ ...r, stack: `${r.stack} @${providerVersion}` })));
    }
  } catch (e) {
    results.push({ stack: 'setup', description: 'suite setup', ok: false, detail: (e as Error).message });
    console.error(`\nsetup failed: ${(e as Error).message}`);
  } finally {
    stopEngine();
    outside.remove();
  }

  // 7. Report
  const table = new Table({ head: ['stack', 'provider', 'apply', 'check', 're-plan', 'destroy', 'result'], style: { head: [], border: [] } });
  const fmt = (n?: number) => (n === undefined ? '-' : `${n.toFixed(1)}s`);
  for (const t of timings) table.push([t.stack, t.provider ?? '-', fmt(t.apply), fmt(t.check), fmt(t.replan), fmt(t.destroy), t.result]);
  console.log(`\n${table.toString()}`);
  for (const d of deviations) console.log(`note: ${d}`);
  const failed = results.filter((r) => !r.ok && !r.skipped);
  for (const f of failed) console.log(`FAILED ${f.stack}: ${f.description}${f.detail ? ` -- ${f.detail}` : ''}`);
  if (failed.length === 0 && process.env.E2E_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
  else console.log(`work directory kept: ${work}`);
  const skipped = results.filter((r) => r.skipped).length;
  console.log(`e2e: ${results.length - failed.length - skipped} passed, ${failed.length} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed.length === 0 ? 0 : 1;
}

function deployAndJudge(
  sc: StackCase,
  work: string,
  engine: Engine,
  tfRaw: (dir: string, args: string[], timeoutMs: number, extra?: Record<string, string>) => ReturnType<typeof run>,
  providerVersion: string,
  results: CheckResult[],
  defaultBridge: ExampleStackProps['defaultBridge'],
  toolEnv: NodeJS.ProcessEnv,
): Timing {
  const timing: Timing = { stack: sc.name, result: 'ok' };
  const skip = sc.skipReason?.(engine);
  if (skip) {
    progress(sc.name, `skipped: ${skip}`);
    results.push({ stack: sc.name, description: `${sc.name} (skipped: ${skip})`, ok: true, skipped: true });
    return { ...timing, result: "skipped (see above)" };
  }
  const caseEnv = sc.tfEnv?.() ?? {};
  const tf = (dir: string, args: string[], timeoutMs: number) => tfRaw(dir, args, timeoutMs, caseEnv);
  const checks = new Checks(sc.name);
  const record = (description: string, ok: boolean, detail?: string) => {
    checks.results.push({ stack: sc.name, description, ok, detail });
    process.stdout.write(`      ${ok ? 'ok  ' : 'FAIL'} ${description}${!ok && detail ? ` -- ${detail}` : ''}\n`);
  };
  let deployed = false;
  let prepared = false;
  let stack: TerraformStack | undefined;
  let dir = '';
  let containers: string[] = [];
  let networks: string[] = [];
  let volumes: string[] = [];
  let synthesized = '';
  let redeploy: Redeploy = () => ({ code: 1, stdout: '', stderr: 'not deployed' });
  try {
    if (sc.before) {
      progress(sc.name, 'preparing the engine');
      const problem = sc.before(engine);
      prepared = true;
      if (problem) throw new Error(problem);
    }
    // Synthesize the stack as `cdktf synth` would, with the test image; keep state inside the work directory.
    progress(sc.name, 'synth');
    const outdir = path.join(work, 'synth', sc.name);
    fs.mkdirSync(outdir, { recursive: true });
    fs.mkdirSync(path.join(work, 'state'), { recursive: true });
    const synthWith = (build: StackCase['build']) => {
      const app = new App({ outdir });
      const s = build(app, { image: IMAGE, providerVersion: ProviderVersion.of(providerVersion), defaultBridge });
      app.synth();
      return s;
    };
    stack = synthWith(sc.build);
    dir = path.join(outdir, 'stacks', sc.name);
    const file = path.join(dir, 'cdk.tf.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    doc.terraform.backend = { local: { path: path.join(work, 'state', `${sc.name}.tfstate`) } };
    // The provider version comes from the library (ProviderVersion), not from rewriting the JSON.
    timing.provider = doc.terraform.required_providers.docker.version;
    if (timing.provider !== providerVersion) throw new Error(`the stack asks for kreuzwerker/docker ${timing.provider}, not ${providerVersion}`);
    synthesized = JSON.stringify(doc, null, 2);
    fs.writeFileSync(file, synthesized);
    // A host route on one of the stack's subnets (a bridge an earlier run or another engine left) would make
    // checks fail later as unanswered pings: name it now instead.
    const subnets = Object.values<any>(doc.resource?.docker_network ?? {})
      .flatMap((r) => [r.ipam_config ?? []].flat())
      .map((c: any) => c.subnet)
      .filter((s: unknown): s is string => typeof s === 'string' && !s.includes('${'));
    const clashes = hostRouteClashes(subnets, [defaultBridge?.bridgeName ?? '']);
    if (clashes.length > 0) {
      record('no route of the host overlaps the stack\'s subnets', false, `${clashes.join('; ')} (left by an earlier run? \`ip link del <dev>\` if nothing uses it)`);
      throw new Error('host route clash');
    }
    const names = (type: string) => Object.values<any>(doc.resource?.[type] ?? {}).map((r) => r.name as string);
    containers = names('docker_container');
    networks = names('docker_network');
    volumes = names('docker_volume');
    const fixUp = () => {
      // The same state location for a stack synthesized again by a case's redeploy().
      const again = JSON.parse(fs.readFileSync(file, 'utf8'));
      again.terraform.backend = doc.terraform.backend;
      fs.writeFileSync(file, JSON.stringify(again, null, 2));
    };
    redeploy = (build) => {
      synthWith(build);
      fixUp();
      return tf(dir, ['apply', '-auto-approve'], 600_000);
    };

    progress(sc.name, 'terraform init');
    const init = tf(dir, ['init'], 180_000);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);

    progress(sc.name, 'terraform apply');
    let t = Date.now();
    const apply = tf(dir, ['apply', '-auto-approve'], 600_000);
    timing.apply = seconds(t);
    deployed = true;
    if (sc.expectApplyError) {
      const out = apply.stdout + apply.stderr;
      record(`terraform apply fails with ${sc.expectApplyError}`, apply.code !== 0 && sc.expectApplyError.test(out), out.slice(-2000));
      throw new Error('apply failed');
    }
    record('terraform apply succeeds', apply.code === 0, apply.code === 0 ? undefined : `${apply.stdout.slice(-3000)}${apply.stderr}`);
    if (apply.code !== 0) throw new Error('apply failed');

    progress(sc.name, `checking (${containers.length} containers, ${networks.length} networks)`);
    t = Date.now();
    sc.check(engine, checks, stack!, synthesized, redeploy);
    timing.check = seconds(t);

    progress(sc.name, 'terraform plan (must be empty)');
    t = Date.now();
    const plan = tf(dir, ['plan', '-detailed-exitcode', '-lock=false'], 300_000);
    timing.replan = seconds(t);
    fs.writeFileSync(path.join(work, `${sc.name}.replan.txt`), plan.stdout + plan.stderr);
    // What forces replacement or changes in place, with the lines under it, not the noise of computed attributes.
    const lines = plan.stdout.split('\n');
    const changes = lines
      .map((l, i) => (/must be replaced|will be updated|forces replacement|Plan:/.test(l) ? lines.slice(i, i + (l.includes('forces replacement') ? 6 : 1)).join('\n') : ''))
      .filter(Boolean)
      .slice(0, 20)
      .join('\n');
    record('a second plan right after apply shows no changes', plan.code === 0, plan.code === 2 ? `plan wants changes:\n${changes}` : plan.stderr);
    checkVerify(sc.name, stack!, engine, record, IMAGE, dir, caseEnv);
    checkLiveReport(sc.name, stack!, engine, record, caseEnv, dir);
    sc.checkTools?.({ stack: stack!, dir, env: { ...toolEnv, ...caseEnv }, engineEnv: engine.env(), image: IMAGE, record });
  } catch (e) {
    if ((e as Error).message !== 'apply failed') record('deploy', false, (e as Error).message);
  } finally {
    if (deployed) {
      progress(sc.name, 'terraform destroy');
      const t = Date.now();
      const destroy = tf(dir, ['destroy', '-auto-approve'], 600_000);
      timing.destroy = seconds(t);
      record('terraform destroy succeeds', destroy.code === 0, destroy.code === 0 ? undefined : `${destroy.stdout.slice(-3000)}${destroy.stderr}`);
      // Swarm networks disappear from a node a moment after their removal: give them up to 20 s.
      let leftContainers: string[] = [];
      let leftNetworks: string[] = [];
      for (const end = Date.now() + 20_000; ; ) {
        const engines = sc.engines ? sc.engines(engine) : [engine];
        leftContainers = engines.flatMap((e) => e.docker(['ps', '-a', '--format', '{{.Names}}']).split('\n')).filter((n) => containers.includes(n));
        leftNetworks = engines.flatMap((e) => e.docker(['network', 'ls', '--format', '{{.Name}}']).split('\n')).filter((n) => networks.includes(n));
        leftNetworks.push(...engines.flatMap((e) => e.docker(['volume', 'ls', '--format', '{{.Name}}']).split('\n')).filter((n) => volumes.includes(n)));
        if (leftContainers.length + leftNetworks.length === 0 || Date.now() > end) break;
        run('sleep', ['1']);
      }
      record('nothing of the stack is left on the engine', leftContainers.length + leftNetworks.length === 0, `left: ${[...leftContainers, ...leftNetworks].join(', ')}`);
      // What a failed case left (e.g. a container a provider crash created outside the state) must not fail the
      // next one: remove it, but only objects that carry this stack's ownership label.
      if (leftContainers.length + leftNetworks.length > 0) {
        const removed: string[] = [];
        for (const e of sc.engines ? sc.engines(engine) : [engine]) {
          const kinds: [string, string[]][] = [
            ['container', leftContainers],
            ['network', leftNetworks.filter((n) => networks.includes(n))],
            ['volume', leftNetworks.filter((n) => !networks.includes(n))],
          ];
          for (const [kind, names] of kinds) {
            for (const n of names) {
              const labels = kind === 'container' ? '.Config.Labels' : '.Labels';
              const owner = run('docker', [kind, 'inspect', '--format', `{{index ${labels} "docker-network-cdktf/stack"}}`, n], { env: e.env(), timeoutMs: 30_000 });
              if (owner.code !== 0 || owner.stdout.trim() !== stack?.node.id) continue;
              run('docker', kind === 'container' ? ['rm', '-f', n] : [kind, 'rm', n], { env: e.env(), timeoutMs: 60_000 });
              removed.push(`${kind} ${n}`);
            }
          }
        }
        if (removed.length) progress(sc.name, `removed what the case left (labelled as this stack's): ${removed.join(', ')}`);
      }
    }
    const undone = prepared && sc.after ? sc.after(engine) : undefined;
    if (undone) record(undone.description, undone.ok, undone.detail);
  }
  const failed = checks.results.filter((r) => !r.ok).length;
  timing.result = failed === 0 ? `ok (${checks.results.length} checks)` : `${failed} of ${checks.results.length} failed`;
  progress(sc.name, timing.result);
  results.push(...checks.results);
  return timing;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
