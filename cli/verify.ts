/**
 * `docker-network-cdktf verify <stack> [options]`: the declared topology measured on the stack's engines. Reads the
 * synthesized stack (topology.json and cdk.tf.json, as `report` does), what each engine holds, plans the checks
 * (cli/verify-plan.ts), runs them from short-lived probes labelled as ours (cli/verify-probe.ts), prints the
 * matrix (cli/verify-output.ts) and removes every probe of the run at the end, on error and on SIGINT/SIGTERM/SIGHUP.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import writeFileAtomic from 'write-file-atomic';
import { renderSvg } from '../constructs/report';
import { EXIT, lastOf, parseCommandLine, ParsedArgs, stringValue, stringValues, UsageError, wantsHelp } from './args';
import { DockerCli, dockerCli, engineShown, releaseEngineEnvironment } from './engine';
import { EngineMessages, VerifyMessages } from './messages';
import { CommandIo, processIo, progress } from './output';
import { engineOverrides, ReportTarget, stackDirectory } from './report';
import { matrix, renderMatrix, verifyDot } from './verify-output';
import { planChecks, LiveHost, VerifyCheck } from './verify-plan';
import { imageHasTools, judge, Judged, parseProbeOutput, probeArguments, probeRunArguments, readLiveHost, removeProbes, StepOutput } from './verify-probe';
import { run } from './process';

export const DEFAULT_IMAGE = 'busybox:1.36';

export function verifyUsage(program: string): string {
  return `usage: ${program} <stack> [--image IMAGE] [--port N]... [--timeout S] [--deadline S] [--max-probes N]
       [--engine host=DOCKER_HOST]... [--json] [--svg file] [--color|--no-color]

Measures on the engines what the synthesized stack declares: every pair of containers that share a network reach
each other (name and aliases resolve there, the target answers: TCP on its published ports, the ports its image
exposes and --port, else ping),
every pair that shares none does not (no address of the target answers), a container on internal networks only has
no route out (its kernel is asked for the route to 192.0.2.1, unroutable by design; nothing is sent), and a
published port answers on its declared host interface and not on another loopback address (from the host's
namespace, loopback or the declared address only). Swarm services: their names resolve on the overlays they share.

Probes are short-lived containers in a container's network namespace (or the host's), labelled
dnc.verify.probe=<run id>, removed at the end, on error and on Ctrl-C; a stale one of an earlier run is removed
first. They address only the stack's containers, loopback and 192.0.2.1.

  <stack>                 a synthesized stack: its name under ./cdktf.out/stacks, or its directory (with the
                          topology.json that TopologyReport writes)
  --image IMAGE           the probes' image; it needs sh, nslookup, ping, nc, ip and timeout (busybox has them).
                          Default: ${DEFAULT_IMAGE} if the engine has it, else the first of the stack's images that
                          has those tools, else ${DEFAULT_IMAGE} pulled
  --port N                also try TCP port N on every container (repeatable; published and exposed ports always are)
  --timeout S             seconds per check (default 2)
  --deadline S            seconds for the whole run (default 300); checks not started by then are skipped
  --max-probes N          probes at most (one per container checked from, one per host; default 100)
  --engine host=ADDRESS   reach host (its alias, or default) at ADDRESS instead of where its provider deploys
  --json                  the matrix as data
  --svg file              the topology diagram with the checked pairs in green (passed) and red (failed)
  --color, --no-color     colour (default: on a terminal, unless NO_COLOR is set)
  -h, --help              this text

Each host is reached where its provider deploys (its declared host and TLS material win over DOCKER_HOST): unix,
ssh:// and tcp:// with TLS, several hosts in one stack.

exit status:
  ${EXIT.ok}  every check passed (skipped ones are listed with the reason; at least one passed)
  ${EXIT.failed}  a check failed: the matrix names the pair
  ${EXIT.usage}  wrong arguments (this text on stderr)
  ${EXIT.unavailable}  could not verify: the stack is not synthesized, an engine cannot be reached, no probe image,
     or every check was skipped
`;
}

const OPTIONS = {
  image: { type: 'string' },
  port: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  deadline: { type: 'string' },
  'max-probes': { type: 'string' },
  engine: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  svg: { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line, checked. */
export interface VerifyArgs {
  readonly stack: string;
  readonly image?: string;
  readonly ports: readonly number[];
  readonly timeout: number;
  readonly deadline: number;
  readonly maxProbes: number;
  readonly engines: Readonly<Record<string, string>>;
  readonly json: boolean;
  readonly svg?: string;
  readonly color: boolean;
}

function integer(args: ParsedArgs, option: string, fallback: number, min: number, max: number): number {
  const raw = stringValue(args, option);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(VerifyMessages.badNumber(`--${option}`, raw, `a whole number from ${min} to ${max}`));
  return n;
}

/** Parses and checks the command line; throws a {@link UsageError} for a wrong one. */
export function parseVerifyArgs(argv: readonly string[], io: CommandIo): VerifyArgs {
  const args = parseCommandLine(argv, OPTIONS);
  if (args.positionals.length === 0) throw new UsageError('which stack?');
  if (args.positionals.length > 1) throw new UsageError(`one stack at a time (got ${args.positionals.join(' and ')})`);
  const ports = stringValues(args, 'port').map((p) => {
    if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw new UsageError(VerifyMessages.badNumber('--port', p, 'a TCP port from 1 to 65535'));
    return Number(p);
  });
  const engines = engineOverrides(stringValues(args, 'engine'));
  const image = stringValue(args, 'image');
  if (image !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.:/@-]*$/.test(image)) throw new UsageError(`--image ${JSON.stringify(image)}: not an image reference`);
  const svg = stringValue(args, 'svg');
  return {
    stack: args.positionals[0],
    image,
    ports,
    timeout: integer(args, 'timeout', 2, 1, 60),
    deadline: integer(args, 'deadline', 300, 5, 3600),
    maxProbes: integer(args, 'max-probes', 100, 1, 10_000),
    engines,
    json: args.values.json === true,
    svg: svg === undefined ? undefined : path.resolve(io.cwd, svg),
    color: lastOf(argv, '--color', '--no-color') ?? (io.stdoutTty && !io.env.NO_COLOR),
  };
}

/** The stack a name or directory names: cdktf.out/stacks/<name> under the current directory, or the directory itself. */
export function verifyTarget(arg: string, io: CommandIo): ReportTarget {
  const asDir = path.resolve(io.cwd, arg);
  const named = path.join(io.cwd, 'cdktf.out', 'stacks', arg);
  const dir = fs.existsSync(asDir) && (arg.includes('/') || arg.includes(path.sep) || !fs.existsSync(named)) ? asDir : named;
  if (!fs.existsSync(path.join(fs.existsSync(dir) && fs.statSync(dir).isFile() ? path.dirname(dir) : dir, 'cdk.tf.json'))) {
    const shown = path.relative(io.cwd, dir);
    throw new NotAvailable(VerifyMessages.notSynthesized(arg, shown.startsWith('..') || path.isAbsolute(shown) ? dir : shown || '.'));
  }
  return stackDirectory(dir, io);
}

/** Something verify needs is not there (exit status {@link EXIT}.unavailable). */
class NotAvailable extends Error {}

/** One engine of the run: its docker CLI, environment and probe image. */
interface HostRun {
  readonly name: string;
  readonly env: NodeJS.ProcessEnv;
  readonly docker: DockerCli;
  image: string;
}

function chooseImage(h: HostRun, asked: string | undefined, live: LiveHost, runId: string, deadlineAt: number): string {
  const has = (img: string) => run('docker', ['image', 'inspect', '--format', '{{.Id}}', img], { env: h.env, timeoutMs: 30_000 }).code === 0;
  if (asked === undefined && !has(DEFAULT_IMAGE)) {
    const own = [...new Set(Object.values(live.containers).map((c) => c.image).filter((i): i is string => !!i))].slice(0, 3);
    const usable = own.find((img) => imageHasTools(h.docker, img, runId));
    if (usable) return usable;
  }
  const image = asked ?? DEFAULT_IMAGE;
  if (!has(image)) {
    const pulled = run('docker', ['pull', '--quiet', image], { env: h.env, timeoutMs: Math.max(1000, Math.min(300_000, deadlineAt - Date.now())) });
    if (pulled.code !== 0) throw new NotAvailable(VerifyMessages.noImage(h.name, image, pulled.stderr.trim().split('\n').pop() ?? `exit ${pulled.code}`));
  }
  return image;
}

/** Runs the checks of one probe (one namespace on one host), bounded by the deadline. */
function runProbe(h: HostRun, group: readonly VerifyCheck[], o: { runId: string; expires: number; timeout: number; deadlineAt: number; n: number }, results: Map<number, Judged>): void {
  const steps = group.reduce((k, c) => k + c.steps.length, 0);
  const left = o.deadlineAt - Date.now();
  if (left < 3000) {
    for (const c of group) results.set(c.id, { result: 'skipped', reason: VerifyMessages.deadline(Math.round((o.expires - Date.now()) / 1000)) });
    return;
  }
  const args = probeRunArguments({ runId: o.runId, expires: o.expires, namespace: group[0].namespace, image: h.image, name: `dnc-verify-${o.runId}-${o.n}` }, probeArguments(group, o.timeout));
  const r = run('docker', args, { env: h.env, timeoutMs: Math.min(left, steps * (o.timeout + 2) * 1000 + 30_000) });
  const outputs = parseProbeOutput(r.stdout);
  for (const c of group) {
    const got: (StepOutput | undefined)[] = c.steps.map((_, i) => outputs.get(`${c.id}.${i}`));
    const judged = judge(c, got);
    results.set(c.id, r.code !== 0 && got.some((g) => g === undefined) && !c.skip ? { result: 'skipped', reason: VerifyMessages.probeFailed((r.stderr.trim().split('\n').pop() ?? '') || `exit ${r.code}`) } : judged);
  }
}

/**
 * Runs every check, one probe per namespace, at most `maxProbes` probes. Each probe is a synchronous docker run:
 * between two, the event loop gets a turn, so that a stop signal that came meanwhile is handled (its probes
 * removed, the process ended) before the next one starts.
 */
async function runChecks(hosts: ReadonlyMap<string, HostRun>, checks: readonly VerifyCheck[], a: VerifyArgs, o: { runId: string; expires: number; deadlineAt: number }, step: (m: string) => void): Promise<Map<number, Judged>> {
  const results = new Map<number, Judged>();
  const groups = new Map<string, VerifyCheck[]>();
  for (const c of checks) {
    if (c.skip) {
      results.set(c.id, judge(c, []));
      continue;
    }
    const key = `${c.host}\0${c.namespace ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  let n = 0;
  for (const group of groups.values()) {
    n += 1;
    if (n > a.maxProbes) {
      for (const c of group) results.set(c.id, { result: 'skipped', reason: VerifyMessages.overCap(a.maxProbes) });
      continue;
    }
    await new Promise((resolve) => setImmediate(resolve));
    step(`probe ${n} of ${groups.size}: from ${group[0].from} on host ${group[0].host}`);
    runProbe(hosts.get(group[0].host)!, group, { ...o, timeout: a.timeout, n }, results);
  }
  return results;
}

/** The verify command; returns its exit status. */
export async function verifyMain(argv: readonly string[], program: string, io: CommandIo = processIo()): Promise<number> {
  const usage = verifyUsage(program);
  if (wantsHelp(argv)) {
    io.stdout(usage);
    return EXIT.ok;
  }
  let a: VerifyArgs;
  try {
    a = parseVerifyArgs(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${e.message}\n${usage}`);
    return EXIT.usage;
  }
  const shown = progress(io);
  const hosts = new Map<string, HostRun>();
  const runId = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const cleanup = () => {
    let removed = 0;
    for (const h of hosts.values()) {
      try {
        removed += removeProbes(h.docker, { runId });
      } catch {
        // the engine is gone: nothing of ours can be left running there
      }
    }
    return removed;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    shown.done();
    io.stderr(`${VerifyMessages.interrupted(signal, cleanup())}\n`);
    process.exit(128 + os.constants.signals[signal]);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.prependListener(s, onSignal);
  try {
    return await verifyRun(a, io, hosts, runId, shown.step);
  } catch (e) {
    shown.done();
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n${usage}`);
      return EXIT.usage;
    }
    io.stderr(`${(e as Error).message}\n`);
    return e instanceof NotAvailable ? EXIT.unavailable : EXIT.failed;
  } finally {
    shown.done();
    cleanup();
    for (const h of hosts.values()) releaseEngineEnvironment(h.env);
    for (const s of signals) process.removeListener(s, onSignal);
  }
}

async function verifyRun(a: VerifyArgs, io: CommandIo, hosts: Map<string, HostRun>, runId: string, step: (m: string) => void): Promise<number> {
  step(`reading stack ${a.stack}`);
  const target = verifyTarget(a.stack, io);
  const declared = target.declared;
  const names = declared.hosts.map((h) => h.name);
  const unknown = Object.keys(a.engines).filter((h) => !names.includes(h));
  if (unknown.length > 0) throw new UsageError(`--engine: ${EngineMessages.noHost(unknown.join(', '), names)}`);
  const started = Date.now();
  const deadlineAt = started + a.deadline * 1000;
  const expires = Math.floor(deadlineAt / 1000) + 60;
  const live: Record<string, LiveHost> = {};
  for (const h of declared.hosts) {
    const env = a.engines[h.name] !== undefined ? { ...io.env, DOCKER_HOST: a.engines[h.name] } : target.environment(h.name, io.env);
    const hr: HostRun = { name: h.name, env, docker: dockerCli(env), image: '' };
    hosts.set(h.name, hr);
    step(`reading host ${h.name}: engine ${engineShown(env)}`);
    try {
      hr.docker(['version', '--format', '{{.Server.Version}}']);
      removeProbes(hr.docker, { expiredBefore: Math.floor(Date.now() / 1000) });
      live[h.name] = readLiveHost(hr.docker, h.containers.map((c) => c.name));
    } catch (e) {
      throw new NotAvailable(VerifyMessages.engineUnreachable(h.name, engineShown(env), (e as Error).message));
    }
    hr.image = chooseImage(hr, a.image, live[h.name], runId, deadlineAt);
  }
  const checks = planChecks(declared, live, { ports: a.ports });
  const results = await runChecks(hosts, checks, a, { runId, expires, deadlineAt }, step);
  const report = matrix(declared.stack, checks, results);
  if (a.svg) writeFileAtomic.sync(a.svg, await renderSvg(verifyDot(declared, checks, report)));
  io.stdout(a.json ? `${JSON.stringify(report, null, 2)}\n` : renderMatrix(report, { table: io.stdoutTty, color: a.color }));
  if (report.summary.fail > 0) return EXIT.failed;
  // Nothing measured is no proof: every check skipped (no container running, no probe could start).
  return report.summary.pass === 0 && report.summary.skipped > 0 ? EXIT.unavailable : EXIT.ok;
}
