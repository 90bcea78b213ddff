/**
 * Where the synth benchmark's memory goes: builds the benchmark topology (bench/synth-topology.ts) with the library
 * and as raw provider resources, each in its own process started with `--expose-gc`, and prints at each phase of
 * `app.synth()` the live heap (after a forced full collection), the heap before that collection (live plus
 * garbage), RSS, the peak RSS so far and the CPU time so far. The phases are read through hooks on cdktf's
 * internals (the stack's runAllValidations and toTerraform, the write of cdk.tf.json), so they follow cdktf 0.21.
 * The forced collections lower the peak: `npm run bench` measures it undisturbed.
 *
 *   npx tsx bench/synth-phases.ts                       # 1000 networks x 5 containers, both variants
 *   npx tsx bench/synth-phases.ts --networks 4000 --variant library
 */
import { EXIT, parseCommandLine, UsageError, wantsHelp } from '../cli/args';
import { run } from '../cli/process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import Table from 'cli-table3';
import { buildLibrary, buildRaw, SAME_OBJECTS } from './synth-topology';

type Variant = 'library' | 'raw';

interface Phase {
  phase: string;
  liveMiB: number;
  beforeGcMiB: number;
  rssMiB: number;
  maxRssMiB: number;
  cpuS: number;
}

const MIB = 1024 * 1024;

function child(variant: Variant, networks: number, perNetwork: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('synth-phases child needs node --expose-gc');
  const phases: Phase[] = [];
  const mark = (phase: string) => {
    const before = process.memoryUsage().heapUsed;
    gc();
    const m = process.memoryUsage();
    const c = process.cpuUsage();
    phases.push({ phase, liveMiB: m.heapUsed / MIB, beforeGcMiB: before / MIB, rssMiB: m.rss / MIB, maxRssMiB: process.resourceUsage().maxRSS / 1024, cpuS: (c.user + c.system) / 1e6 });
  };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-phases-${variant}-`));
  mark('modules loaded');
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  if (variant === 'library') buildLibrary(stack, networks, perNetwork);
  else buildRaw(stack, networks, perNetwork);
  mark('constructed');
  const hooks = stack as unknown as Record<'runAllValidations' | 'toTerraform', () => unknown>;
  const validate = hooks.runAllValidations.bind(stack);
  hooks.runAllValidations = () => {
    validate();
    mark('validated');
  };
  const toTerraform = hooks.toTerraform.bind(stack);
  hooks.toTerraform = () => {
    const tf = toTerraform();
    mark('resolved (toTerraform)');
    return tf;
  };
  // cdktf writes cdk.tf.json through the fs module object; its string is alive at this call.
  const fsModule = require('fs') as { writeFileSync: (...args: unknown[]) => void };
  const write = fsModule.writeFileSync;
  fsModule.writeFileSync = (...args: unknown[]) => {
    if (String(args[0]).endsWith('cdk.tf.json')) mark(`stringified (${(String(args[1]).length / 1e6).toFixed(1)} MB)`);
    write(...args);
  };
  app.synth();
  fsModule.writeFileSync = write;
  mark('synth done (manifest written)');
  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(phases));
}

function parent(variants: Variant[], networks: number, perNetwork: number): void {
  console.log(`synth phases: ${networks} networks x ${perNetwork} containers, node ${process.version}; ${SAME_OBJECTS}`);
  for (const variant of variants) {
    const res = run(process.execPath, ['--expose-gc', '--max-old-space-size=16384', ...process.execArgv, __filename, '--child', variant, String(networks), String(perNetwork)], {
      timeoutMs: 3_600_000,
    });
    if (res.code !== 0) throw new Error(`${variant} run failed:\n${res.stderr}`);
    const phases = JSON.parse(res.stdout.trim().split('\n').pop()!) as Phase[];
    const table = new Table({ head: [variant, 'live heap (MiB)', 'heap before GC (MiB)', 'RSS (MiB)', 'peak RSS so far (MiB)', 'CPU so far (s)'], style: { head: [], border: [] } });
    for (const p of phases) table.push([p.phase, p.liveMiB.toFixed(0), p.beforeGcMiB.toFixed(0), p.rssMiB.toFixed(0), p.maxRssMiB.toFixed(0), p.cpuS.toFixed(1)]);
    console.log(table.toString());
  }
}

const USAGE = `usage: npx tsx bench/synth-phases.ts [--networks N] [--containers N] [--variant library|raw]

Builds the synth benchmark's topology with the library and as raw provider resources, each in its own process, and
prints the live heap, the heap before a forced collection, RSS and CPU at each phase of app.synth().

  --networks N       networks (default 1000)
  --containers N     containers per network (default 5)
  --variant V        only library or only raw (default both)
  --help             this text
`;

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1] as Variant, Number(argv[2]), Number(argv[3]));
else if (wantsHelp(argv)) process.stdout.write(USAGE);
else {
  try {
    const a = parseCommandLine(argv, { networks: { type: 'string' }, containers: { type: 'string' }, variant: { type: 'string' } });
    if (a.positionals.length > 0) throw new UsageError(`unknown argument ${a.positionals.join(' ')}`);
    const count = (name: string, fallback: number): number => {
      const v = a.values[name] === undefined ? fallback : Number(a.values[name]);
      if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} takes a whole number of at least 1, not ${String(a.values[name])}`);
      return v;
    };
    const variant = a.values.variant;
    if (variant !== undefined && variant !== 'library' && variant !== 'raw') throw new UsageError(`--variant takes library or raw, not ${String(variant)}`);
    parent(variant ? [variant] : ['library', 'raw'], count('networks', 1000), count('containers', 5));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}`);
    process.exitCode = EXIT.usage;
  }
}
