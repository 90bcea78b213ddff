/**
 * Synth benchmark: a large address-planned topology (1,000 networks, 5 containers each, static addresses and
 * aliases) built with this library, and the same objects written as raw provider resources (bench/synth-topology.ts;
 * `npx tsx bench/synth-phases.ts` shows where the memory goes, phase by phase). Each variant runs
 * in its own process so that peak memory (max RSS) is its own; variants alternate, 3 rounds, medians printed.
 * With several sizes, a last table shows how time and memory grow with the size (1.00 = linear).
 *
 *   npm run bench                 # defaults: 1000 networks x 5 containers, 3 rounds
 *   BENCH_NETWORKS=200 BENCH_ROUNDS=1 npm run bench
 *   npm run bench -- --scale      # 500, 1000, 2000 and 4000 networks (20,000 containers), 1 round each
 *   BENCH_NETWORKS=1000,4000 npm run bench
 */
import { EXIT, parseCommandLine, UsageError, wantsHelp } from '../cli/args';
import { run } from '../cli/process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import Table from 'cli-table3';
import { buildLibrary, buildRaw, SAME_OBJECTS } from './synth-topology';

const SCALE = process.argv.includes('--scale');
const SIZES = (process.env.BENCH_NETWORKS ?? (SCALE ? '500,1000,2000,4000' : '1000')).split(',').map(Number);
const PER_NETWORK = Number(process.env.BENCH_CONTAINERS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (SCALE ? 1 : 3));
/** The size a child process builds (set by the parent). */
const NETWORKS = Number(process.env.BENCH_CHILD_NETWORKS ?? SIZES[0]);

function child(variant: 'library' | 'raw'): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${variant}-`));
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  if (variant === 'library') buildLibrary(stack, NETWORKS, PER_NETWORK);
  else buildRaw(stack, NETWORKS, PER_NETWORK);
  const built = process.hrtime.bigint();
  app.synth(); // validations on, as `cdktf synth` runs them
  const done = process.hrtime.bigint();
  // Taken before the JSON is read back below, which is the benchmark's check, not part of the synth.
  const cpu = process.cpuUsage(cpuStart);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  const json = fs.readFileSync(path.join(outdir, 'stacks', 'bench', 'cdk.tf.json'), 'utf8');
  const doc = JSON.parse(json);
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(
    JSON.stringify({
      constructMs: Number(built - start) / 1e6,
      synthMs: Number(done - built) / 1e6,
      totalMs: Number(done - start) / 1e6,
      // CPU time (user + system) of the same span: what other jobs on a shared machine disturb least.
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMiB,
      networks: Object.keys(doc.resource.docker_network).length,
      containers: Object.keys(doc.resource.docker_container).length,
      bytes: json.length,
    }),
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Measure {
  constructMs: number;
  synthMs: number;
  totalMs: number;
  cpuMs: number;
  maxRssMiB: number;
  networks: number;
  containers: number;
  bytes: number;
}

/** Both variants at one size, alternating, ROUNDS rounds; prints the table and returns the medians. */
function benchSize(networks: number): Record<'library' | 'raw', Measure> {
  console.log(`synth benchmark: ${networks} networks x ${PER_NETWORK} containers, ${ROUNDS} round(s), node ${process.version}, ${os.cpus().length} cores`);
  console.log(`  ${SAME_OBJECTS}`);
  const runs: Record<string, Measure[]> = { library: [], raw: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const variant of r % 2 === 0 ? ['library', 'raw'] : ['raw', 'library']) {
      // A large heap limit, so that the raw variant at 20,000 containers measures its memory instead of failing.
      const res = run(process.execPath, ['--max-old-space-size=16384', ...process.execArgv, __filename, variant], {
        timeoutMs: 3_600_000,
        env: { ...process.env, BENCH_CHILD_NETWORKS: String(networks) },
      });
      if (res.code !== 0) throw new Error(`${variant} run failed:\n${res.stderr}`);
      const m = JSON.parse(res.stdout.trim().split('\n').pop()!);
      runs[variant].push(m);
      console.log(`  round ${r + 1} ${variant.padEnd(7)} total ${m.totalMs.toFixed(0)} ms, max RSS ${m.maxRssMiB.toFixed(0)} MiB`);
    }
  }
  const med = (v: string): Measure => {
    const rs = runs[v];
    const pick = (f: (x: Measure) => number) => median(rs.map(f));
    return { constructMs: pick((x) => x.constructMs), synthMs: pick((x) => x.synthMs), totalMs: pick((x) => x.totalMs), cpuMs: pick((x) => x.cpuMs), maxRssMiB: pick((x) => x.maxRssMiB), networks: rs[0].networks, containers: rs[0].containers, bytes: rs[0].bytes };
  };
  const out = { library: med('library'), raw: med('raw') };
  const table = new Table({ head: ['variant', 'construct (ms)', 'synth (ms)', 'total (ms)', 'CPU (ms)', 'peak RSS (MiB)', 'networks', 'containers', 'JSON (MB)'], style: { head: [], border: [] } });
  for (const v of ['library', 'raw'] as const) {
    const m = out[v];
    table.push([v, m.constructMs.toFixed(0), m.synthMs.toFixed(0), m.totalMs.toFixed(0), m.cpuMs.toFixed(0), m.maxRssMiB.toFixed(0), m.networks, m.containers, (m.bytes / 1e6).toFixed(1)]);
  }
  console.log(table.toString());
  console.log(
    `library / raw: time ${(out.library.totalMs / out.raw.totalMs).toFixed(2)}x, CPU ${(out.library.cpuMs / out.raw.cpuMs).toFixed(2)}x, peak RSS ${(out.library.maxRssMiB / out.raw.maxRssMiB).toFixed(2)}x (medians)`,
  );
  return out;
}

function parent(): void {
  const results = SIZES.map((n) => ({ n, m: benchSize(n) }));
  if (results.length < 2) return;
  // Linear growth shows as a constant marginal cost: what each further 1,000 containers added to time and peak
  // memory, from the previous size. (Ratios to the smallest size would hide the fixed cost of loading node,
  // cdktf and the provider bindings, about 130 MiB and 1 s.)
  const table = new Table({
    head: ['networks', 'containers', 'library CPU', 'raw CPU', 'lib/raw CPU', 'lib/raw time', 'library RSS', 'raw RSS', 'lib/raw RSS', 'lib +CPU ms per +1k ctrs', 'lib +MiB per +1k ctrs'],
    style: { head: [], border: [] },
  });
  results.forEach(({ n, m }, i) => {
    const prev = results[i - 1];
    const k = prev ? ((n - prev.n) * PER_NETWORK) / 1000 : undefined;
    table.push([
      n,
      n * PER_NETWORK,
      `${(m.library.cpuMs / 1000).toFixed(1)} s`,
      `${(m.raw.cpuMs / 1000).toFixed(1)} s`,
      `${(m.library.cpuMs / m.raw.cpuMs).toFixed(2)}x`,
      `${(m.library.totalMs / m.raw.totalMs).toFixed(2)}x`,
      `${m.library.maxRssMiB.toFixed(0)} MiB`,
      `${m.raw.maxRssMiB.toFixed(0)} MiB`,
      `${(m.library.maxRssMiB / m.raw.maxRssMiB).toFixed(2)}x`,
      k ? ((m.library.cpuMs - prev.m.library.cpuMs) / k).toFixed(0) : '-',
      k ? ((m.library.maxRssMiB - prev.m.library.maxRssMiB) / k).toFixed(1) : '-',
    ]);
  });
  console.log(`\nscaling: linear growth shows as steady marginal costs in the last two columns`);
  console.log(table.toString());
}

const USAGE = `usage: npm run bench [-- --scale]

Synthesizes a large address-planned topology with the library and as raw provider resources, each in its own
process, and prints times, peak memory and the ratios.

  --scale            500, 1000, 2000 and 4000 networks (20,000 containers), 1 round each
  --help             this text
environment: BENCH_NETWORKS (e.g. 200 or 1000,4000), BENCH_CONTAINERS (per network, default 5), BENCH_ROUNDS
`;

const arg = process.argv[2];
if (arg === 'library' || arg === 'raw') child(arg);
else if (wantsHelp(process.argv.slice(2))) process.stdout.write(USAGE);
else {
  try {
    const a = parseCommandLine(process.argv.slice(2), { scale: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (a.positionals.length > 0) throw new UsageError(`unknown argument ${a.positionals.join(' ')}`);
    parent();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}`);
    process.exitCode = EXIT.usage;
  }
}
