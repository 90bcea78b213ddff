/**
 * The probes of `docker-network-cdktf verify`: short-lived containers labelled {@link PROBE_LABEL}, each in one
 * container's network namespace (`--network container:<name>`) or the host's (`--network host`), running a fixed
 * shell script over its arguments (names and addresses are arguments, never script text), and the judgement of
 * what they print. Also what an engine holds of a stack's containers, and the removal of probes by label.
 */
import { DockerCli } from './engine';
import { LiveContainer, LiveHost, ProbeStep, VerifyCheck } from './verify-plan';

/** The label every probe carries: the run's id. A second label says when the probe is stale at the latest. */
export const PROBE_LABEL = 'dnc.verify.probe';
export const PROBE_EXPIRES_LABEL = 'dnc.verify.expires';

/** The tools a probe image needs (busybox has them all). */
export const PROBE_TOOLS = ['sh', 'nslookup', 'ping', 'nc', 'ip', 'timeout'] as const;

/**
 * The probe's script: `$1` the per-check timeout in seconds, then steps of `index op argument [port]`. Fixed text:
 * what comes from the stack is only ever an argument, quoted where it is used. A name is looked up as an absolute
 * name (`name.`): a container's search domains (`dnsSearch`) would otherwise send busybox's nslookup to the
 * upstream resolver too, and wait for it.
 */
export const PROBE_SCRIPT = [
  'T=$1; shift',
  'while [ $# -ge 3 ]; do',
  '  i=$1; k=$2; a=$3; shift 3',
  '  case $k in',
  '    resolve) o=$(nslookup "$a." 2>&1); r=$? ;;',
  '    ping) o=$(ping -c 1 -W "$T" "$a" 2>&1); r=$? ;;',
  '    route) o=$(ip route get "$a" 2>&1); r=$? ;;',
  '    tcp) p=$1; shift; o=$(timeout $((T + 1)) nc -w "$T" "$a" "$p" </dev/null 2>&1 >/dev/null); r=$? ;;',
  '    *) o="unknown step $k"; r=127 ;;',
  '  esac',
  '  printf \'@@%s %s\\n%s\\n\' "$i" "$r" "$o"',
  'done',
].join('\n');

/** What a probe printed for one step. */
export interface StepOutput {
  readonly code: number;
  readonly output: string;
}

/** The probe's arguments after the script: the timeout, then each step as `checkId.step op argument [port]`. */
export function probeArguments(checks: readonly VerifyCheck[], timeoutSeconds: number): string[] {
  const args = [String(timeoutSeconds)];
  for (const c of checks) {
    c.steps.forEach((s, i) => {
      const key = `${c.id}.${i}`;
      if (s.op === 'resolve') args.push(key, 'resolve', s.name);
      else if (s.op === 'tcp') args.push(key, 'tcp', s.address, String(s.port));
      else args.push(key, s.op, s.address);
    });
  }
  return args;
}

/** The `docker run` arguments of one probe. */
export function probeRunArguments(o: { readonly runId: string; readonly expires: number; readonly namespace?: string; readonly image: string; readonly name: string }, args: readonly string[]): string[] {
  return [
    'run', '--rm', '--name', o.name,
    '--label', `${PROBE_LABEL}=${o.runId}`, '--label', `${PROBE_EXPIRES_LABEL}=${o.expires}`,
    '--network', o.namespace ? `container:${o.namespace}` : 'host',
    '--cap-drop', 'ALL', '--cap-add', 'NET_RAW', '--security-opt', 'no-new-privileges', '--read-only', '--user', '0:0',
    '--entrypoint', 'sh', o.image, '-c', PROBE_SCRIPT, 'probe', ...args,
  ];
}

/** The steps' outputs by `checkId.step`, from what the probe printed. */
export function parseProbeOutput(stdout: string): Map<string, StepOutput> {
  const out = new Map<string, StepOutput>();
  let key: string | undefined;
  let code = 0;
  let lines: string[] = [];
  const flush = () => key !== undefined && out.set(key, { code, output: lines.join('\n').trim() });
  for (const line of stdout.split('\n')) {
    const m = /^@@(\d+\.\d+) (\d+)$/.exec(line);
    if (!m) {
      lines.push(line);
      continue;
    }
    flush();
    [key, code, lines] = [m[1], Number(m[2]), []];
  }
  flush();
  return out;
}

export type Outcome = 'pass' | 'fail' | 'skipped';

/** A check's result and why. */
export interface Judged {
  readonly result: Outcome;
  readonly reason: string;
}

const TOOL_MISSING = /not found|applet not found|permission denied|operation not permitted|unknown step/i;

function stepSucceeded(step: ProbeStep, o: StepOutput): boolean {
  if (step.op === 'tcp') return o.code === 0 || ((o.code === 124 || o.code === 137 || o.code === 143) && !/can't connect|timed? ?out/i.test(o.output));
  return o.code === 0;
}

function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? 'no output';
}

/** The addresses a busybox or glibc `nslookup` answer names (after the question's `Name:` line). */
export function resolvedAddresses(output: string): string[] {
  const at = output.search(/^Name:/m);
  if (at < 0) return [];
  return [...output.slice(at).matchAll(/^Address(?: \d+)?:\s*([0-9a-fA-F.:]+)/gm)].map((m) => m[1]);
}

function what(step: ProbeStep): string {
  return step.op === 'resolve' ? `lookup of ${step.name}` : step.op === 'tcp' ? `TCP ${step.address}:${step.port}` : step.op === 'ping' ? `ping ${step.address}` : `route to ${step.address}`;
}

/** Judges one check from its steps' outputs (undefined: the probe printed nothing for it). */
export function judge(check: VerifyCheck, outputs: readonly (StepOutput | undefined)[]): Judged {
  if (check.skip) return { result: 'skipped', reason: check.skip };
  const missing = outputs.findIndex((o) => o === undefined);
  if (missing >= 0) return { result: 'skipped', reason: `the probe gave no answer for the ${what(check.steps[missing])}` };
  const outs = outputs as StepOutput[];
  const broken = outs.findIndex((o, i) => !stepSucceeded(check.steps[i], o) && (o.code === 127 || TOOL_MISSING.test(o.output)));
  if (broken >= 0) return { result: 'skipped', reason: `the probe image could not run the ${what(check.steps[broken])}: ${lastLine(outs[broken].output)}` };
  switch (check.kind) {
    case 'resolves': {
      const got = resolvedAddresses(outs[0].output);
      const want = check.addresses ?? [];
      if (outs[0].code !== 0 || got.length === 0) return { result: 'fail', reason: `${what(check.steps[0])} on ${check.network} failed: ${lastLine(outs[0].output)}` };
      const name = (check.steps[0] as { name: string }).name;
      if (want.length > 0 && !got.some((a) => want.includes(a))) return { result: 'fail', reason: `${name} resolves to ${got.join(', ')}, not ${want.join(', ')}` };
      return { result: 'pass', reason: `${name} resolves to ${got.join(', ')}` };
    }
    case 'no-way-out': {
      if (outs[0].code !== 0) return { result: 'pass', reason: `no route out: ${lastLine(outs[0].output)}` };
      const src = /\bsrc\s+(\S+)/.exec(outs[0].output)?.[1];
      const dev = /\bdev\s+(\S+)/.exec(outs[0].output)?.[1] ?? '?';
      const network = src ? check.networkOf?.[src] : undefined;
      if (src && (check.addresses ?? []).includes(src)) return { result: 'pass', reason: `the only route leads into internal network ${network ?? src}, whose forwarded traffic the engine drops` };
      return { result: 'fail', reason: `a way out: ${what(check.steps[0])} goes via ${dev}${src ? ` from ${src}` : ''}${network ? ` on ${network}, which is not internal` : ' on no internal network'}` };
    }
    default: {
      const ok = outs.map((o, i) => stepSucceeded(check.steps[i], o));
      const answered = check.steps.filter((_, i) => ok[i]).map(what);
      if (check.expect === 'allow') {
        return answered.length > 0 ? { result: 'pass', reason: `${answered[0]} answered` } : { result: 'fail', reason: `no answer: ${check.steps.map((s, i) => `${what(s)}: ${lastLine(outs[i].output)}`).join('; ')}` };
      }
      return answered.length === 0 ? { result: 'pass', reason: `no answer (${check.steps.map(what).join(', ')})` } : { result: 'fail', reason: `answered: ${answered.join(', ')}` };
    }
  }
}

/** What `docker` on one engine holds of the declared containers `names`, and which of its networks are internal. */
export function readLiveHost(docker: DockerCli, names: readonly string[]): LiveHost {
  const present = new Set(docker(['ps', '-a', '--format', '{{.Names}}']).split('\n').map((s) => s.trim()).filter(Boolean));
  const wanted = names.filter((n) => present.has(n));
  const inspected = wanted.length === 0 ? [] : (JSON.parse(docker(['container', 'inspect', ...wanted])) as any[]);
  const containers: Record<string, LiveContainer> = {};
  for (const c of inspected) {
    const nets = (c?.NetworkSettings?.Networks ?? {}) as Record<string, { IPAddress?: string }>;
    const ports = (c?.NetworkSettings?.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>;
    containers[String(c?.Name ?? '').replace(/^\//, '')] = {
      running: c?.State?.Running === true,
      addresses: Object.fromEntries(Object.entries(nets).filter(([, n]) => n?.IPAddress).map(([name, n]) => [name, String(n.IPAddress)])),
      bindings: Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, (v ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort) }))])),
      image: typeof c?.Config?.Image === 'string' ? c.Config.Image : undefined,
      exposed: Object.keys(c?.Config?.ExposedPorts ?? {}).filter((k) => /^\d+\/tcp$/.test(k)).map((k) => Number(k.split('/')[0])),
    };
  }
  const internalNetworks = docker(['network', 'ls', '--format', '{{.Name}} {{.Internal}}'])
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([n, internal]) => n && internal === 'true')
    .map(([n]) => n);
  return { containers, internalNetworks };
}

/** Removes the probes of run `runId` (all of ours when undefined and `now` is given: those whose expiry passed). Returns how many. */
export function removeProbes(docker: DockerCli, select: { readonly runId: string } | { readonly expiredBefore: number }): number {
  const filter = 'runId' in select ? `${PROBE_LABEL}=${select.runId}` : PROBE_LABEL;
  const lines = docker(['ps', '-a', '--filter', `label=${filter}`, '--format', `{{.ID}} {{.Label "${PROBE_EXPIRES_LABEL}"}}`]).split('\n').map((l) => l.trim()).filter(Boolean);
  const ids = lines
    .map((l) => l.split(' '))
    .filter(([, expires]) => 'runId' in select || !(Number(expires) > select.expiredBefore))
    .map(([id]) => id);
  if (ids.length > 0) docker(['rm', '-f', ...ids]);
  return ids.length;
}

/** True when `image` on the engine has every tool a probe needs. */
export function imageHasTools(docker: DockerCli, image: string, runId: string): boolean {
  try {
    docker(['run', '--rm', '--label', `${PROBE_LABEL}=${runId}`, '--network', 'none', '--entrypoint', 'sh', image, '-c', PROBE_TOOLS.map((t) => `command -v ${t} >/dev/null`).join(' && ')]);
    return true;
  } catch {
    return false;
  }
}
