import * as fs from 'fs';
import * as nodePath from 'path';
import { sensitiveBindReason } from '../mount';
import { CanonicalHealthCheck, CanonicalMount, CanonicalWords } from './canonical';
import { StageContext } from './context';
import { NormalizedService } from './normalize';
import { PlannedHealthCheck, PlannedMount, PlannedRuntime } from './plan';
import { homePath } from './project-files';
import { ComposePath } from './source';
import { composeBool, composeNumber, composeSize, isObj, keyValues, listOf, Obj, oneOf, parseDuration } from './values';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Runtime fields a SwarmService has no setting for. */
export const SWARM_UNSUPPORTED = ['entrypoint', 'dns', 'dns_search', 'dns_opt', 'extra_hosts', 'init', 'sysctls', 'stop_signal'];

/** Words of `command`/`entrypoint`, refused with the reason when a shell could not split them. */
export function mapWords(ctx: StageContext, w: CanonicalWords | undefined): string[] | undefined {
  if (w?.error !== undefined) ctx.fail(w.path, ctx.M.badCommand(w.error));
  return w?.words;
}

/** Stage 7 for a service's process, health, DNS, mounts and ordering. */
export function mapRuntime(ctx: StageContext, s: NormalizedService): Mutable<PlannedRuntime> {
  const { M, swarm } = ctx;
  const raw = s.raw;
  const r: Mutable<PlannedRuntime> = {};
  if (!swarm) {
    r.entrypoint = mapWords(ctx, s.entrypoint);
    r.dns = listOf(raw.dns);
    r.dnsSearch = listOf(raw.dns_search);
    r.dnsOptions = listOf(raw.dns_opt);
    if (s.extraHosts) r.extraHosts = extraHosts(ctx, s);
  }
  if (!swarm) {
    r.init = composeBool(ctx, raw.init, [...s.path, 'init']);
    if (raw.sysctls !== undefined) r.sysctls = keyValues(raw.sysctls, () => '');
    if (raw.stop_signal !== undefined) r.stopSignal = String(raw.stop_signal);
  }
  if (raw.stop_grace_period !== undefined) {
    const text = String(raw.stop_grace_period);
    r.stopGracePeriod = parseDuration(text);
    if (r.stopGracePeriod === undefined) ctx.fail([...s.path, 'stop_grace_period'], M.badDuration(text));
  }
  if (raw.user !== undefined) r.user = String(raw.user);
  if (raw.working_dir !== undefined) r.workingDir = String(raw.working_dir);
  if (s.healthCheck) r.healthCheck = mapHealthCheck(ctx, s.healthCheck);
  if (s.dependsOn) {
    const deps: { target: string; condition: 'started' | 'healthy' | 'completed' }[] = [];
    for (const d of s.dependsOn) {
      for (const k of d.fields) if (!(k === 'required' && d.required === true)) ctx.drop([...d.path, k], M.dependsOnField(k));
      if (d.condition === 'service_started') deps.push({ target: d.service, condition: 'started' });
      else if (d.condition === 'service_healthy') deps.push({ target: d.service, condition: 'healthy' });
      else if (d.condition === 'service_completed_successfully') deps.push({ target: d.service, condition: 'completed' });
      else ctx.drop([...d.path, 'condition'], M.dependsOnCondition(d.condition));
    }
    if (swarm) ctx.drop([...s.path, 'depends_on'], M.swarmDependsOn());
    else r.dependsOn = deps;
  }
  const mounts = s.mounts.flatMap((m) => mapMount(ctx, s.key, m));
  if (mounts.length > 0) r.mounts = mounts;
  return r;
}

function extraHosts(ctx: StageContext, s: NormalizedService): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const h of s.extraHosts ?? []) {
    if (Array.isArray(h.ip)) ctx.drop(h.path, ctx.M.extraHostMany(h.name));
    else if (typeof h.path[h.path.length - 1] === 'number' && (!h.name || !h.ip)) ctx.fail(h.path, ctx.M.badExtraHost(h.text));
    else hosts[h.name] = h.ip;
  }
  return hosts;
}

/** A health check as Docker stores it; undefined when the file gives none the library can express. */
export function mapHealthCheck(ctx: StageContext, h: CanonicalHealthCheck): PlannedHealthCheck | undefined {
  const { M } = ctx;
  for (const k of h.fields) ctx.drop([...h.path, k], M.healthField(k));
  if (h.disable) return { test: ['NONE'] };
  if (h.badTest) ctx.fail([...h.path, 'test'], M.badHealthTest());
  else if (!h.test) ctx.drop(h.path, M.healthWithoutTest());
  if (!h.test) return undefined;
  const dur = (k: 'interval' | 'timeout' | 'start_period') => {
    const v = h.timings[k];
    if (v === undefined) return undefined;
    const d = parseDuration(String(v));
    if (!d) ctx.fail([...h.path, k], M.badDuration(String(v)));
    return d;
  };
  return { test: h.test, interval: dur('interval'), timeout: dur('timeout'), startPeriod: dur('start_period'), retries: composeNumber(ctx, h.retries, [...h.path, 'retries']) };
}

/** A mount of the library: bind sources resolved beside the file, tmpfs size and mode checked. */
function mapMount(ctx: StageContext, service: string, m: CanonicalMount): PlannedMount[] {
  const { M } = ctx;
  const readOnly = composeBool(ctx, m.readOnly, [...m.path, 'read_only']);
  switch (m.type) {
    case 'volume':
      // An anonymous volume (`- /data`): one volume per container, created and removed with the stack (rules.ts).
      if (m.source === undefined) return ctx.swarm ? (ctx.drop(m.path, M.anonymousVolume(m.target)), []) : [{ type: 'volume', target: m.target, readOnly, anonymous: true }];
      return [{ type: 'volume', source: m.source, target: m.target, readOnly }];
    case 'bind': {
      const home = homePath(m.source ?? '');
      if (home !== undefined) {
        ctx.fail(m.path, M.homeBind(m.source!, home));
        return [];
      }
      const source = bindSource(m.source ?? '', ctx.directory);
      checkSensitiveBind(ctx, service, m, source, readOnly);
      return [{ type: 'bind', source, target: m.target, readOnly }];
    }
    case 'tmpfs': {
      const [sizePath, modePath] = m.path[2] === 'tmpfs' ? [m.path, m.path] : [[...m.path, 'tmpfs', 'size'], [...m.path, 'tmpfs', 'mode']];
      const sizeBytes = composeSize(ctx, m.size, sizePath);
      const mode = m.mode === undefined ? undefined : tmpfsMode(ctx, m.mode as number | string, modePath);
      return [{ type: 'tmpfs', target: m.target, sizeBytes, mode }];
    }
    default:
      ctx.drop([...m.path, 'type'], M.mountType(String(m.type)));
      return [];
  }
}

/**
 * A bind source that gives the container the host (docker.sock, /etc, ...): refused here, in the file's terms and
 * with ComposeProject's opt-out shape (the Container would say the same with its own). A relative source that is
 * a symlink is named with the path it leads to.
 */
function checkSensitiveBind(ctx: StageContext, service: string, m: CanonicalMount, source: string, readOnly: boolean | undefined): void {
  const raw = m.source ?? '';
  if (raw.startsWith('~') || ctx.granted(service).sensitiveMounts) return;
  const why = sensitiveBindReason(source, bindReadOnly(readOnly, ctx.compatible));
  if (!why) return;
  const viaLink = !raw.startsWith('/') && source !== nodePath.resolve(ctx.directory, raw);
  ctx.fail(m.path, viaLink ? ctx.M.bindThroughSymlink(raw, source, why, service) : ctx.M.sensitiveBind(raw, why, service));
}

/**
 * Whether a bind is read-only: as the file says (`:ro`, `:rw`, `read_only`), else read-only in the secure mode
 * and read-write in compose-compatible mode (as Compose). The one place this rule is written.
 */
export function bindReadOnly(readOnly: boolean | undefined, compatible: boolean): boolean {
  return readOnly ?? !compatible;
}

/** A tmpfs mode: octal text (`1770`, `0o755`) or a number; the permission bits, with the special bits dropped with a word. */
function tmpfsMode(ctx: StageContext, v: number | string, path: ComposePath): number | undefined {
  const mode = typeof v === 'number' ? v : /^(0o)?[0-7]{1,4}$/.test(v) ? parseInt(v.replace(/^0o/, ''), 8) : NaN;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    ctx.fail(path, ctx.M.notOneOf('tmpfs mode', v, ['octal permission bits such as 755 or 1770']));
    return undefined;
  }
  if (mode > 0o777) ctx.drop(path, ctx.M.tmpfsSpecialBits(mode.toString(8)));
  return mode & 0o777;
}

/**
 * The host path of a bind source. A relative source is beside the Compose file, on this machine: it is resolved
 * through symlinks (as Docker does when it mounts it), so that the sensitive-path checks see where it leads.
 */
function bindSource(src: string, directory: string): string {
  if (src.startsWith('/')) return src; // `~` is refused before (mapMount): the home of this machine is not the engine's
  return realPath(nodePath.resolve(directory, src));
}

/**
 * The path `p` leads to through symlinks, also when its end does not exist (a dangling link to a socket of another
 * machine's layout, or a directory Docker would create): the existing part resolved, the rest appended.
 */
export function realPath(p: string, depth = 0): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink() && depth < 40) return realPath(nodePath.resolve(nodePath.dirname(p), fs.readlinkSync(p)), depth + 1);
    const parent = nodePath.dirname(p);
    return parent === p ? p : nodePath.join(realPath(parent, depth + 1), nodePath.basename(p));
  }
}

/** `deploy` of a swarm service: placement, resources, labels and restart policy. */
export function mapDeployRuntime(ctx: StageContext, d: Obj, path: ComposePath, out: Mutable<PlannedRuntime>): void {
  const { M } = ctx;
  const unknown = (where: ComposePath, keys: string[], known: string[], prefix: string) => {
    for (const k of keys) if (!known.includes(k)) ctx.drop([...where, k], M.deployField(`${prefix}${k}`));
  };
  if (isObj(d.placement)) {
    unknown([...path, 'placement'], Object.keys(d.placement), ['constraints'], 'placement.');
    out.placementConstraints = listOf(d.placement.constraints);
  }
  if (isObj(d.resources)) {
    const res = (r: unknown, k: string) => {
      if (!isObj(r)) return undefined;
      unknown([...path, 'resources', k], Object.keys(r), ['cpus', 'memory'], `resources.${k}.`);
      return { cpus: composeNumber(ctx, r.cpus, [...path, 'resources', k, 'cpus'], false), memoryBytes: composeSize(ctx, r.memory, [...path, 'resources', k, 'memory']) };
    };
    out.limits = res(d.resources.limits, 'limits');
    out.reservations = res(d.resources.reservations, 'reservations');
    unknown([...path, 'resources'], Object.keys(d.resources), ['limits', 'reservations'], 'resources.');
  }
  if (d.labels !== undefined) out.serviceLabels = keyValues(d.labels, () => '');
  if (isObj(d.restart_policy)) {
    const rp = d.restart_policy;
    unknown([...path, 'restart_policy'], Object.keys(rp), ['condition', 'delay', 'max_attempts', 'window'], 'restart_policy.');
    out.restartPolicy = {
      condition: oneOf(ctx, rp.condition, ['none', 'on-failure', 'any'] as const, [...path, 'restart_policy', 'condition']),
      maxAttempts: composeNumber(ctx, rp.max_attempts, [...path, 'restart_policy', 'max_attempts']),
      delay: rp.delay === undefined ? undefined : String(rp.delay),
      window: rp.window === undefined ? undefined : String(rp.window),
    };
  }
}
