/**
 * Deploy benchmark: N bridge networks x 5 containers brought up and torn down three ways on one private Docker
 * engine, side by side: the library's stack through Terraform (at each parallelism asked for), a docker CLI script
 * (networks one by one, each network's containers in parallel) and Docker Compose (Debian's docker-compose 1.29)
 * from a generated Compose file. Every step is bounded by a timeout; a hang is a result in the table, not a crash.
 * The engine is the real-engine suite's private dockerd (e2e/engine.sh), stopped by PID at the end, also on
 * failure and Ctrl-C. Needs root, dockerd, terraform; docker-compose for the Compose column.
 *
 *   npm run bench:deploy                                   # 10 and 40 networks, 1 round
 *   npm run bench:deploy -- --sizes=10 --rounds=3          # medians of 3 rounds
 *   npm run bench:deploy -- --sizes=100 --timeout=600      # larger, on request
 *   npm run bench:deploy -- --terraform=p10,p50,p50nr      # Terraform rows: p<parallelism>; "nr": plan and destroy
 *                                                          # with -refresh=false; "dnr": destroy only
 *   npm run bench:deploy -- --budget=14                    # minutes for the whole run (default 14): steps past it
 *                                                          # are reported as not run, so the engine lock is held
 *                                                          # less than 15 minutes
 *   npm run bench:deploy -- --variants=terraform,cli       # skip Compose
 *   npm run bench:deploy -- --trace                        # TF_LOG=debug + dockerd --debug; API calls per step
 *
 * Figures on a shared 2-core machine are noisy: compare the ratios within one run, not runs with each other.
 */
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import Table from 'cli-table3';
import { buildStack, cliCreateScript, cliRemoveScript, composeFile, Topology } from './deploy-topology';
import { apiCalls, summarizeCalls } from './engine-trace';
import { EXIT, parseCommandLine, stringValue, UsageError, wantsHelp } from '../cli/args';
import { onPath, run, runOrThrow, start as startProcess } from '../cli/process';

const ROOT = path.resolve(__dirname, '..');
const E2E = path.join(ROOT, 'e2e');
const IMAGE = 'e2e-busybox:latest';
const PER_NETWORK = 5;
const PINNED_VERSION = '3.6.2';

const USAGE = `usage: npm run bench:deploy [-- options]

N bridge networks x 5 containers brought up and torn down by Terraform (the library's stack), a docker CLI script
and Docker Compose, on a private engine (needs root, dockerd, terraform; docker-compose for the Compose column).

  --sizes=10,40            networks per size (BENCH_SIZES)
  --rounds=1               rounds per size; medians (BENCH_ROUNDS)
  --timeout=120            seconds per step (BENCH_TIMEOUT)
  --terraform=p10,p50,p256dnr
                           Terraform rows: p<parallelism>; nr: plan and destroy with -refresh=false; dnr: destroy only
  --budget=14              minutes for the whole run; steps past it are reported as not run (BENCH_BUDGET)
  --variants=terraform,cli,compose
                           which columns (BENCH_VARIANTS)
  --trace                  TF_LOG=debug + dockerd --debug; API calls per step (BENCH_TRACE=1)
  --keep                   keep the work directory
  -h, --help               this text

exit status: 0 done; 1 failed; 2 wrong arguments (this text on stderr)
`;

const OPTIONS = {
  sizes: { type: 'string' },
  rounds: { type: 'string' },
  timeout: { type: 'string' },
  terraform: { type: 'string' },
  budget: { type: 'string' },
  variants: { type: 'string' },
  trace: { type: 'boolean' },
  keep: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options (one parser for every command, cli/args.ts); --help answers and starts nothing. */
const opts = ((): { sizes: string; rounds: string; timeout: string; terraform: string; budget: string; variants: string; trace: boolean; keep: boolean } => {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(USAGE);
    process.exit(EXIT.ok);
  }
  try {
    const a = parseCommandLine(argv, OPTIONS);
    if (a.positionals.length > 0) throw new UsageError(`unexpected argument ${a.positionals[0]}`);
    return {
      sizes: stringValue(a, 'sizes') ?? process.env.BENCH_SIZES ?? '10,40',
      rounds: stringValue(a, 'rounds') ?? process.env.BENCH_ROUNDS ?? '1',
      timeout: stringValue(a, 'timeout') ?? process.env.BENCH_TIMEOUT ?? '120',
      terraform: stringValue(a, 'terraform') ?? process.env.BENCH_TERRAFORM ?? 'p10,p50,p256dnr',
      budget: stringValue(a, 'budget') ?? process.env.BENCH_BUDGET ?? '14',
      variants: stringValue(a, 'variants') ?? process.env.BENCH_VARIANTS ?? 'terraform,cli,compose',
      trace: a.values.trace === true || process.env.BENCH_TRACE === '1',
      keep: a.values.keep === true,
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}`);
    process.exit(EXIT.usage);
  }
})();
const SIZES = opts.sizes.split(',').map(Number);
const ROUNDS = Number(opts.rounds);
const TIMEOUT_MS = Number(opts.timeout) * 1000;
const VARIANTS = new Set(opts.variants.split(','));
const TF_ROWS = opts.terraform.split(',').map((s) => {
  const m = /^p(\d+)(nr|dnr)?$/.exec(s.trim());
  if (!m) throw new Error(`--terraform: ${s} is not p<parallelism>, p<parallelism>nr or p<parallelism>dnr (e.g. p10,p50,p256dnr)`);
  const label = `terraform -parallelism=${m[1]}${m[2] === 'nr' ? ' -refresh=false' : m[2] === 'dnr' ? ', destroy -refresh=false' : ''}`;
  return { key: s.trim(), label, parallelism: Number(m[1]), refreshPlan: m[2] !== 'nr', refreshDestroy: !m[2] };
});
const DEADLINE = Date.now() + Number(opts.budget) * 60_000;
/** The step timeout, cut to what is left of the budget. */
function stepTimeout(): number {
  return Math.max(1_000, Math.min(TIMEOUT_MS, DEADLINE - Date.now()));
}
for (const n of SIZES) if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(`--sizes: ${n} is not a count of networks in 1..1024`);

/** The outcome of one timed step. */
interface Step {
  readonly seconds: number;
  readonly status: 'ok' | 'timeout' | 'failed' | 'skipped';
  readonly note?: string;
}

interface Bounded {
  readonly code: number;
  readonly seconds: number;
  readonly timedOut: boolean;
  /** The timeout the step had: less than --timeout when the budget cut it. */
  readonly limitMs: number;
  readonly output: string;
}

let current: ChildProcess | undefined;

/** Runs a command in its own process group; on timeout the whole group (terraform's provider too) is killed. */
function bounded(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = stepTimeout()): Promise<Bounded> {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    const child = startProcess(cmd, args, { cwd, env, detached: true });
    current = child;
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? 1, seconds: Number(process.hrtime.bigint() - start) / 1e9, timedOut, limitMs: timeoutMs, output });
    });
    child.on('error', (e) => {
      output += e.message;
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function script(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): string {
  return runOrThrow('bash', [file, ...args], { env, timeoutMs }, (r) => `${path.basename(file)} ${args.join(' ')} failed (${r.code}):\n${r.stderr}`).trim();
}

function which(cmd: string): boolean {
  return onPath(cmd);
}

/** The engine under test, through the docker CLI. */
class Engine {
  constructor(public readonly env: NodeJS.ProcessEnv) {}

  public docker(args: string[], timeoutMs = 120_000): string {
    return runOrThrow('docker', args, { env: this.env, timeoutMs }, (r) => `docker ${args.join(' ')}: ${r.stderr}`);
  }

  public running(): number {
    return this.docker(['ps', '-q']).split('\n').filter(Boolean).length;
  }

  /** Containers (any state) and user-defined networks left. */
  public leftovers(): number {
    const containers = this.docker(['ps', '-aq']).split('\n').filter(Boolean).length;
    const networks = this.docker(['network', 'ls', '--format', '{{.Name}}']).split('\n').filter((n) => n && !['bridge', 'host', 'none'].includes(n)).length;
    return containers + networks;
  }

  /** Removes everything a step left behind (after a hang or failure), so the next variant starts clean. */
  public reset(): void {
    const ids = this.docker(['ps', '-aq']).split('\n').filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) this.docker(['rm', '-f', ...ids.slice(i, i + 50)], 300_000);
    this.docker(['network', 'prune', '-f'], 300_000);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median of the successful rounds; a timeout or failure in any round is shown instead. */
function cell(steps: Step[] | undefined): { text: string; value?: number } {
  if (!steps || steps.length === 0) return { text: '-' };
  const bad = steps.find((s) => s.status !== 'ok');
  if (bad) {
    const text = bad.status === 'timeout' ? `hang: killed after ${bad.seconds.toFixed(0)} s` : bad.status === 'skipped' ? `not run` : `failed`;
    return { text: bad.note ? `${text} (${bad.note})` : text };
  }
  const v = median(steps.map((s) => s.seconds));
  const notes = [...new Set(steps.map((s) => s.note).filter(Boolean))];
  return { text: `${v.toFixed(1)} s${notes.length ? ` (${notes.join('; ')})` : ''}`, value: v };
}

type Results = Map<string, Step[]>; // "<size>|<row>|<column>"

async function main(): Promise<number> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('the deploy benchmark starts a private dockerd: run it as root on Linux');
  for (const cmd of ['dockerd', 'docker', 'terraform']) if (!which(cmd)) throw new Error(`${cmd} is not installed (Debian: e2e/engine.sh install; Terraform from HashiCorp)`);
  if (VARIANTS.has('compose') && !which('docker-compose')) {
    console.log('docker-compose is not installed (Debian: apt-get install -y docker-compose): the Compose column is skipped');
    VARIANTS.delete('compose');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-deploy-bench-'));
  const engineDir = path.join(work, 'engine');
  let started = false;
  const stopEngine = () => {
    if (!started) return;
    started = false;
    try {
      script(path.join(E2E, 'engine.sh'), ['stop', engineDir], process.env, 60_000);
    } catch (e) {
      console.error(`stopping the private engine failed: ${(e as Error).message}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping`);
      killGroup(current?.pid);
      stopEngine();
      if (!opts.keep && !opts.trace) fs.rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const results: Results = new Map();
  const record = (size: number, row: string, column: string, step: Step) => {
    const key = `${size}|${row}|${column}`;
    results.set(key, [...(results.get(key) ?? []), step]);
    const shown = step.status === 'ok' ? `${step.seconds.toFixed(1)} s` : `${step.status} after ${step.seconds.toFixed(0)} s`;
    console.log(`  ${String(size).padStart(4)} nets  ${row.padEnd(22)} ${column.padEnd(16)} ${shown}${step.note ? ` (${step.note})` : ''}`);
  };
  let facts = '';
  try {
    const engineEnv = { ...process.env, ...(opts.trace ? { E2E_DOCKERD_DEBUG: '1' } : {}) };
    started = true;
    const dockerHost = script(path.join(E2E, 'engine.sh'), ['start', engineDir], engineEnv, 300_000).split('\n').pop()!;
    const env = { ...process.env, DOCKER_HOST: dockerHost, COMPOSE_INTERACTIVE_NO_CLI: '1' };
    const engine = new Engine(env);
    script(path.join(E2E, 'image.sh'), [IMAGE], env, 300_000);
    const [mirror, providerVersion] = script(path.join(E2E, 'provider', 'build.sh'), [], process.env, 1_800_000).split('\n').pop()!.split(' ');
    const cliConfig = path.join(work, 'terraformrc');
    fs.writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/kreuzwerker/docker"]\n  }\n}\n`,
    );
    const tfEnv = { ...env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const version = (cmd: string, args: string[]) => run(cmd, args, { env, timeoutMs: 60_000 }).stdout.split('\n')[0].trim();
    facts = [
      `engine ${engine.docker(['version', '-f', '{{.Server.Version}}']).trim()}`,
      version('terraform', ['version']),
      `kreuzwerker/docker ${providerVersion}`,
      VARIANTS.has('compose') ? version('docker-compose', ['version', '--short']).replace(/^/, 'docker-compose ') : '',
      `${os.cpus().length} cores`,
    ]
      .filter(Boolean)
      .join(', ');
    console.log(`deploy benchmark: ${SIZES.join(', ')} networks x ${PER_NETWORK} containers, ${ROUNDS} round(s), step timeout ${TIMEOUT_MS / 1000} s; ${facts}`);

    // What a step did on the engine, from dockerd's debug log (--trace).
    const traced = async (label: string, run: () => Promise<Bounded>): Promise<Bounded> => {
      const from = new Date();
      const r = await run();
      if (opts.trace) {
        const calls = apiCalls(fs.readFileSync(path.join(engineDir, 'dockerd.log'), 'utf8'), from, new Date());
        console.log(`    engine API calls during ${label}:\n${summarizeCalls(calls, r.seconds)}`);
      }
      return r;
    };
    const judge = (r: Bounded, check: () => string | undefined): Step => {
      if (r.timedOut && r.limitMs < TIMEOUT_MS) return { seconds: r.seconds, status: 'skipped', note: `stopped at the ${opts.budget}-minute budget` };
      if (r.timedOut) return { seconds: r.seconds, status: 'timeout' };
      if (r.code !== 0) return { seconds: r.seconds, status: 'failed', note: lastLine(r.output) };
      const problem = check();
      return problem ? { seconds: r.seconds, status: 'failed', note: problem } : { seconds: r.seconds, status: 'ok' };
    };

    for (const size of SIZES) {
      const topology: Topology = { networks: size, perNetwork: PER_NETWORK, image: IMAGE };
      const want = size * PER_NETWORK;
      const expectRunning = () => {
        const n = engine.running();
        return n === want ? undefined : `${n} of ${want} containers running`;
      };
      const expectEmpty = () => {
        const n = engine.leftovers();
        return n === 0 ? undefined : `${n} objects left`;
      };
      const dir = path.join(work, `n${size}`);
      fs.mkdirSync(dir, { recursive: true });

      // Terraform: synthesize the library's stack once, as `cdktf synth` would.
      let tfDir = '';
      if (VARIANTS.has('terraform')) {
        const app = new App({ outdir: path.join(dir, 'cdktf.out') });
        buildStack(new TerraformStack(app, 'bench'), topology);
        app.synth();
        tfDir = path.join(dir, 'cdktf.out', 'stacks', 'bench');
        const file = path.join(tfDir, 'cdk.tf.json');
        const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
        doc.terraform.backend = { local: { path: path.join(dir, 'terraform.tfstate') } };
        // The mirror may hold the fallback build (see e2e/provider/build.sh); the stack is the same.
        if (providerVersion !== PINNED_VERSION) doc.terraform.required_providers.docker.version = providerVersion;
        fs.writeFileSync(file, JSON.stringify(doc, null, 2));
        const init = await bounded('terraform', ['init', '-input=false', '-no-color'], tfEnv, tfDir, 300_000);
        if (init.code !== 0) throw new Error(`terraform init failed:\n${init.output}`);
      }
      fs.writeFileSync(path.join(dir, 'create.sh'), cliCreateScript(topology));
      fs.writeFileSync(path.join(dir, 'remove.sh'), cliRemoveScript(topology));
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), composeFile(topology));

      for (let round = 0; round < ROUNDS; round++) {
        console.log(`round ${round + 1}, ${size} networks / ${want} containers`);
        // The references first, so that a run cut by the budget still has them.
        const variants = [
          ...(VARIANTS.has('cli') ? [{ kind: 'cli' as const }] : []),
          ...(VARIANTS.has('compose') ? [{ kind: 'compose' as const }] : []),
          ...(VARIANTS.has('terraform') ? [...TF_ROWS].reverse().map((r) => ({ kind: 'terraform' as const, ...r })) : []),
        ];
        // Alternate the order between rounds so that no variant always runs on a warmer (or more fragmented) engine.
        if (round % 2 === 1) variants.reverse();
        for (const v of variants) {
          if (Date.now() > DEADLINE - 30_000) {
            const row = v.kind === 'terraform' ? v.label : v.kind === 'cli' ? 'docker CLI script' : 'docker-compose';
            record(size, row, 'create', { seconds: 0, status: 'skipped', note: `past the ${opts.budget}-minute budget` });
            continue;
          }
          if (v.kind === 'terraform') {
            const row = v.label;
            const tf = (label: string, args: string[]) =>
              traced(`${row} ${label}`, () =>
                bounded('terraform', [...args, '-input=false', '-no-color', `-parallelism=${v.parallelism}`], { ...tfEnv, ...tfLog(work, `${size}-${v.key}-${label}`) }, tfDir),
              );
            for (const f of ['terraform.tfstate', 'terraform.tfstate.backup', '.terraform.tfstate.lock.info']) {
              fs.rmSync(path.join(dir, f), { force: true });
              fs.rmSync(path.join(tfDir, f), { force: true });
            }
            const apply = judge(await tf('apply', ['apply', '-auto-approve']), expectRunning);
            record(size, row, 'create', apply);
            if (apply.status === 'ok') {
              const plan = await tf('plan', ['plan', '-detailed-exitcode', ...(v.refreshPlan ? [] : ['-refresh=false'])]);
              record(size, row, 'no-op', judge(plan, () => (plan.code === 0 ? undefined : 'plan not empty')));
              if (v.refreshPlan) {
                // What a plan costs without reading the engine back (config against state only): Terraform's share.
                const cold = await tf('plan-norefresh', ['plan', '-detailed-exitcode', '-refresh=false']);
                record(size, row, 'no-op nr', judge(cold, () => (cold.code === 0 ? undefined : 'plan not empty')));
              }
            }
            const destroy = judge(await tf('destroy', ['destroy', '-auto-approve', ...(v.refreshDestroy ? [] : ['-refresh=false'])]), expectEmpty);
            record(size, row, 'remove', destroy);
          } else if (v.kind === 'cli') {
            const row = 'docker CLI script';
            const create = judge(await traced(`${row} create`, () => bounded('bash', [path.join(dir, 'create.sh')], env, dir)), expectRunning);
            record(size, row, 'create', create);
            record(size, row, 'remove', judge(await traced(`${row} remove`, () => bounded('bash', [path.join(dir, 'remove.sh')], env, dir)), expectEmpty));
          } else {
            const row = 'docker-compose';
            const compose = (label: string, args: string[]) =>
              traced(`${row} ${label}`, () => bounded('docker-compose', ['-p', 'bench', '-f', path.join(dir, 'docker-compose.yml'), ...args], env, dir));
            const upRun = judge(await compose('up -d', ['up', '-d', '--no-color']), expectRunning);
            const up = upRun.status === 'timeout' ? { ...upRun, note: `${engine.running()} of ${want} containers up` } : upRun;
            record(size, row, 'create', up);
            if (up.status === 'ok') {
              record(size, row, 'no-op', judge(await compose('no-op up -d', ['up', '-d', '--no-color']), expectRunning));
              record(size, row, 'remove', judge(await compose('down', ['down']), expectEmpty));
            } else {
              record(size, row, 'remove', { seconds: 0, status: 'skipped', note: 'up did not finish' });
            }
          }
          if (engine.leftovers() > 0) engine.reset();
        }
      }
    }
  } finally {
    killGroup(current?.pid);
    stopEngine();
  }
  report(results, facts);
  if (opts.keep || opts.trace) console.log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  return 0;
}

function tfLog(work: string, label: string): Record<string, string> {
  if (!opts.trace) return {};
  return { TF_LOG: 'debug', TF_LOG_PATH: path.join(work, `tf-${label.replace(/[^\w.-]+/g, '_')}.log`) };
}

function lastLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /^(Error|ERROR)/.test(l)) ?? lines.pop() ?? '').slice(0, 160);
}

function report(results: Results, facts: string): void {
  const seen = new Set([...results.keys()].map((k) => k.split('|')[1]));
  const rows = [...TF_ROWS.map((r) => r.label), 'docker CLI script', 'docker-compose'].filter((r) => seen.has(r));
  console.log(`\n${facts}; medians of ${ROUNDS} round(s)`);
  for (const size of SIZES) {
    const get = (row: string, col: string) => cell(results.get(`${size}|${row}|${col}`));
    const table = new Table({
      head: [`${size} nets / ${size * PER_NETWORK} ctrs`, 'create (apply / run / up -d)', 'no-op (plan / up -d)', 'plan -refresh=false', 'remove (destroy / rm -f / down)'],
      style: { head: [], border: [] },
    });
    for (const row of rows) table.push([row, get(row, 'create').text, get(row, 'no-op').text, get(row, 'no-op nr').text, get(row, 'remove').text]);
    console.log(table.toString());

    const ratios = new Table({ head: ['ratios', 'apply / CLI create', 'destroy / CLI remove', 'no-op plan / apply', 'apply / Compose up', 'destroy / Compose down'], style: { head: [], border: [] } });
    const ratio = (a?: number, b?: number, goal?: number) => {
      if (a === undefined || b === undefined) return '-';
      const r = a / b;
      return `${r.toFixed(2)}x${goal !== undefined ? (r <= goal ? ' ok' : ` (goal <= ${goal})`) : ''}`;
    };
    const cli = { create: get('docker CLI script', 'create').value, remove: get('docker CLI script', 'remove').value };
    const compose = get('docker-compose', 'create');
    const composeDown = get('docker-compose', 'remove');
    for (const row of rows.filter((r) => r.startsWith('terraform'))) {
      const apply = get(row, 'create').value;
      const destroy = get(row, 'remove').value;
      const plan = get(row, 'no-op').value;
      const vsCompose = (a: number | undefined, c: { text: string; value?: number }) =>
        a === undefined ? '-' : c.value !== undefined ? ratio(a, c.value, 1) : c.text.startsWith('hang') ? 'Compose hung' : '-';
      ratios.push([row, ratio(apply, cli.create, 0.8), ratio(destroy, cli.remove, 1), ratio(plan, apply, 0.15), vsCompose(apply, compose), vsCompose(destroy, composeDown)]);
    }
    if (rows.some((r) => r.startsWith('terraform'))) console.log(ratios.toString());
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`deploy benchmark failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
