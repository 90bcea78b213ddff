/**
 * `docker-network-cdktf verify` on a real engine: on the example stacks with tiers, links and published ports it
 * passes (exit 0, no failed check); on tiers deliberately broken by hand it fails (exit 1) and names the pair: a
 * container connected to a tier it must not reach, and the internal tier given a way out. A stale probe of an
 * earlier run (our label, expired) is removed first, and a run stopped with SIGTERM leaves no probe behind.
 * Runs before the live report's hand-made changes (e2e/live-report.ts), on the deployed stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { DockerHost } from '../constructs';
import { declaredTopology } from '../constructs/report';
import { engineEnvironment, releaseEngineEnvironment } from '../cli/engine';
import { Engine, progress, run } from './harness';

type Record = (description: string, ok: boolean, detail?: string) => void;

/**
 * The stacks verify runs on, with the extra options each needs (tiers' containers all serve HTTP on port 80):
 * tiers, links and published ports on one engine; an engine over TLS with its key material in TF_VAR_...
 * variables; two engines joined by an overlay; a swarm service on an overlay (its name and alias resolve).
 */
export const VERIFY_STACKS: { readonly [stack: string]: readonly string[] } = { tiers: ['--port', '80'], links: [], app: [], 'default-bridge-over-tls': [], 'multi-host': [], overlay: [] };

const MAIN = path.join(__dirname, '..', 'cli', 'main.ts');

interface Outcome {
  readonly code: number;
  readonly report?: { summary: { pass: number; fail: number; skipped: number }; checks: { from: string; to: string; check: string; result: string; reason: string }[] };
  readonly text: string;
}

function verify(dir: string, extra: readonly string[], env: NodeJS.ProcessEnv, image: string, svg?: string): Outcome {
  const args = ['--import', 'tsx', MAIN, 'verify', dir, '--image', image, '--json', ...(svg ? ['--svg', svg] : []), ...extra];
  const r = run(process.execPath, args, { env, cwd: path.join(__dirname, '..'), timeoutMs: 300_000 });
  let report: Outcome['report'];
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { code: r.code, report, text: `exit ${r.code}\n${r.stdout.slice(-3000)}${r.stderr.slice(-1500)}` };
}

const failedPairs = (o: Outcome) => (o.report?.checks ?? []).filter((c) => c.result === 'fail').map((c) => `${c.from} -> ${c.to} ${c.check}`);

function probesLeft(engine: Engine): string[] {
  return engine.docker(['ps', '-a', '--filter', 'label=dnc.verify.probe', '--format', '{{.Names}}']).split('\n').filter(Boolean);
}

/** Probes left on any engine of the stack (each reached as its provider is: TLS, the multi-host lab's sockets). */
function probesLeftOnHosts(stack: TerraformStack, env: NodeJS.ProcessEnv): string[] {
  return stack.node.findAll().filter((c): c is DockerHost => c instanceof DockerHost).flatMap((h) => {
    const e = engineEnvironment(h, env);
    try {
      const r = run('docker', ['ps', '-a', '--filter', 'label=dnc.verify.probe', '--format', '{{.Names}}'], { env: e, timeoutMs: 30_000 });
      return r.code === 0 ? r.stdout.split('\n').filter(Boolean).map((n) => `${h.displayName}/${n}`) : [`${h.displayName}: cannot list (${r.stderr.trim()})`];
    } finally {
      releaseEngineEnvironment(e);
    }
  });
}

/** Runs verify on a deployed stack (`stackDir`: its synthesized directory); `extraEnv`: the case's Terraform environment. */
export function checkVerify(name: string, stack: TerraformStack, engine: Engine, record: Record, image: string, stackDir: string, extraEnv: NodeJS.ProcessEnv = {}): void {
  const extra = VERIFY_STACKS[name];
  if (!extra) return;
  const env = { ...engine.env(), ...extraEnv };
  const work = process.env.E2E_WORK ?? '.';
  fs.writeFileSync(path.join(stackDir, 'topology.json'), `${JSON.stringify(declaredTopology(stack), null, 2)}\n`);
  progress(name, 'verify: the declared topology measured with probes');
  if (name === 'tiers') engine.docker(['run', '-d', '--name', 'dnc-verify-stale', '--label', 'dnc.verify.probe=stale', '--label', 'dnc.verify.expires=1', image, 'sleep', '600']);
  const t = Date.now();
  const ok = verify(stackDir, extra, env, image, path.join(work, `${name}.verify.svg`));
  const s = ok.report?.summary;
  record(
    `verify ${name}: exit 0, every check passes (${s ? `${s.pass} passed, ${s.skipped} skipped` : 'no report'}, ${((Date.now() - t) / 1000).toFixed(1)} s)`,
    ok.code === 0 && !!s && s.fail === 0 && s.pass > 0,
    `${(ok.report?.checks ?? []).filter((c) => c.result === 'fail').map((c) => `${c.from} -> ${c.to} ${c.check}: ${c.reason}`).join('; ')}\n${ok.text.slice(-800)}`,
  );
  const left = probesLeftOnHosts(stack, env);
  record(`verify ${name}: no probe left on the stack's engines`, left.length === 0, left.join(', '));
  if (name === 'tiers') brokenTiers(engine, record, env, image, stackDir);
}

function brokenTiers(engine: Engine, record: Record, env: NodeJS.ProcessEnv, image: string, dir: string): void {
  const extra = VERIFY_STACKS.tiers;
  const cases: { what: string; connect: [string, string]; expect: string }[] = [
    { what: 'tier-edge connected by hand to shop-app-data (the data tier it must not reach)', connect: ['shop-app-data', 'tier-edge'], expect: 'tier-edge -> tier-data isolated' },
    { what: 'tier-data (internal tier) connected by hand to the default bridge (a way out)', connect: ['bridge', 'tier-data'], expect: 'tier-data -> outside (192.0.2.1) no-way-out' },
  ];
  const work = process.env.E2E_WORK ?? '.';
  cases.forEach((c, i) => {
    try {
      engine.docker(['network', 'connect', ...c.connect]);
      const o = verify(dir, extra, env, image, path.join(work, `tiers.verify-broken-${i + 1}.svg`));
      fs.writeFileSync(path.join(work, `tiers.verify-broken-${i + 1}.json`), `${JSON.stringify(o.report ?? null, null, 2)}\n`);
      const pairs = failedPairs(o);
      record(`verify after ${c.what}: exit 1, names ${c.expect}`, o.code === 1 && pairs.includes(c.expect), `failed: ${pairs.join('; ')}\n${o.text}`);
    } catch (e) {
      record(`verify after ${c.what}`, false, (e as Error).message);
    } finally {
      run('docker', ['network', 'disconnect', '--force', ...c.connect], { env: engine.env(), timeoutMs: 30_000 });
    }
  });
  interrupted(engine, record, env, image, dir);
}

/** SIGTERM while a probe runs: the run stops with 143 and removes its probes. */
function interrupted(engine: Engine, record: Record, env: NodeJS.ProcessEnv, image: string, dir: string): void {
  // A fixed script: start verify, wait until one of its probes runs, stop it with SIGTERM, print its exit status.
  const script = [
    '"$@" >/dev/null 2>&1 & p=$!; i=0; seen=no',
    'while [ $i -lt 300 ]; do',
    "  if docker ps --filter label=dnc.verify.probe --format '{{.Names}}' | grep -q '^dnc-verify-[a-z0-9]*-[0-9]'; then seen=yes; break; fi",
    '  sleep 0.2; i=$((i + 1))',
    'done',
    'kill -TERM $p; wait $p; echo "seen=$seen rc=$?"',
  ].join('\n');
  const r = run('sh', ['-c', script, 'sh', process.execPath, '--import', 'tsx', MAIN, 'verify', dir, '--image', image, '--timeout', '3'], { env, cwd: path.join(__dirname, '..'), timeoutMs: 300_000 });
  const left = probesLeft(engine);
  record(`verify stopped with SIGTERM while a probe ran: exit 143, no probe left (${r.stdout.trim()})`, /seen=yes rc=143/.test(r.stdout) && left.length === 0, `left: ${left.join(', ')}\n${r.stdout}${r.stderr}`);
}
