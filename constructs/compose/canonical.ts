import { split as shellSplit } from 'shlex';
import { StageContext } from './context';
import { ComposePath } from './source';
import { composeNumber, isObj, keyValues, listOf, Obj, stringRecord } from './values';

/**
 * Stage 4, canonical long syntax (compose-go's "transform"): every short form of the file written in its long
 * form, with the path it was written at, so that the later stages read one shape per field. Syntax only: what the
 * library makes of a field is decided by the mapping.
 */

/** One published or exposed port, one entry per port of a range. */
export interface CanonicalPort {
  readonly path: ComposePath;
  readonly target: number;
  readonly protocol: string;
  readonly published?: number;
  readonly hostIp?: string;
  readonly mode?: 'ingress' | 'host';
}

/** A `volumes:` or `tmpfs:` entry of a service as the long syntax writes it. */
export interface CanonicalMount {
  readonly path: ComposePath;
  readonly type: 'volume' | 'bind' | 'tmpfs' | string;
  /** As written (a volume key, a host path); undefined for an anonymous volume and tmpfs. */
  readonly source?: string;
  readonly target: string;
  readonly readOnly?: unknown;
  /** tmpfs `size` and `mode`, as written. */
  readonly size?: unknown;
  readonly mode?: unknown;
}

/** One network a service joins (`networks:` as a list becomes this mapping). */
export interface CanonicalAttachment {
  readonly network: string;
  readonly path: ComposePath;
  readonly aliases: string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  /** Other keys written, for the mapping to judge. */
  readonly fields: string[];
}

/** A `depends_on` entry (a list becomes `service_started` entries). */
export interface CanonicalDependency {
  readonly service: string;
  readonly path: ComposePath;
  readonly condition: string;
  readonly fields: string[];
  readonly required?: unknown;
}

/** `healthcheck`, with `test` as Docker stores it (`CMD-SHELL` for a string). */
export interface CanonicalHealthCheck {
  readonly path: ComposePath;
  readonly test?: string[];
  /** `test` was written but is none of the allowed forms. */
  readonly badTest: boolean;
  readonly disable: boolean;
  readonly timings: Readonly<Record<'interval' | 'timeout' | 'start_period', unknown>>;
  readonly retries?: unknown;
  readonly fields: string[];
}

/** `command`/`entrypoint` as words: a string is split as a shell would (`error` says why it could not be). */
export interface CanonicalWords {
  readonly path: ComposePath;
  readonly words?: string[];
  readonly error?: string;
}

/** An `extra_hosts` entry: `host:ip`, `host=ip` or a mapping entry (several addresses in `ip`). */
export interface CanonicalExtraHost {
  readonly path: ComposePath;
  /** As written, for messages. */
  readonly text: string;
  readonly name: string;
  readonly ip: string | string[];
}

/** One service of the file in long syntax. Fields the canonical form does not name stay in `raw`. */
export interface CanonicalService {
  readonly key: string;
  readonly path: ComposePath;
  /** The service's fields as written (after interpolation), for the fields that need no transformation. */
  readonly raw: Obj;
  readonly command?: CanonicalWords;
  readonly entrypoint?: CanonicalWords;
  /** `null` for an entry without a value (taken from the environment). */
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly labels?: Record<string, string>;
  readonly attachments?: CanonicalAttachment[];
  readonly ports: CanonicalPort[];
  readonly expose: CanonicalPort[];
  readonly mounts: CanonicalMount[];
  readonly dependsOn?: CanonicalDependency[];
  readonly healthCheck?: CanonicalHealthCheck;
  readonly extraHosts?: CanonicalExtraHost[];
  readonly links: { readonly service: string; readonly alias: string; readonly path: ComposePath }[];
}

/** A top-level network. */
export interface CanonicalNetwork {
  readonly key: string;
  readonly path: ComposePath;
  readonly raw: Obj;
  readonly driverOptions: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/** A top-level volume. */
export interface CanonicalVolume {
  readonly key: string;
  readonly path: ComposePath;
  readonly raw: Obj;
  readonly driverOptions?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/** The whole file in long syntax. */
export interface CanonicalProject {
  readonly raw: Obj;
  readonly services: CanonicalService[];
  readonly networks: CanonicalNetwork[];
  readonly volumes: CanonicalVolume[];
}

/** No entries, once `reported` said why: `return nothing(ctx.fail(path, message))`. */
const nothing = (reported: void): [] => {
  void reported;
  return [];
};

/** Stage 4: the interpolated, schema-checked document in long syntax. */
export function canonicalize(ctx: StageContext, data: Obj): CanonicalProject {
  const section = (k: string) => Object.entries(isObj(data[k]) ? (data[k] as Obj) : {});
  return {
    raw: data,
    services: section('services').map(([key, raw]) => canonicalService(ctx, key, isObj(raw) ? raw : {})),
    networks: section('networks').map(([key, raw]) => {
      const n = isObj(raw) ? raw : {};
      return { key, path: ['networks', key], raw: n, driverOptions: isObj(n.driver_opts) ? stringRecord(n.driver_opts) : {}, labels: n.labels === undefined ? undefined : keyValues(n.labels, () => '') };
    }),
    volumes: section('volumes').map(([key, raw]) => {
      const v = isObj(raw) ? raw : {};
      return { key, path: ['volumes', key], raw: v, driverOptions: isObj(v.driver_opts) ? stringRecord(v.driver_opts) : undefined, labels: v.labels === undefined ? undefined : keyValues(v.labels, () => '') };
    }),
  };
}

function canonicalService(ctx: StageContext, key: string, s: Obj): CanonicalService {
  const path = ['services', key];
  const p = (...rest: (string | number)[]) => [...path, ...rest];
  return {
    key,
    path,
    raw: s,
    command: words(s.command, p('command')),
    entrypoint: words(s.entrypoint, p('entrypoint')),
    environment: s.environment === undefined ? undefined : environment(s.environment),
    labels: s.labels === undefined ? undefined : keyValues(s.labels, () => ''),
    attachments: s.networks === undefined ? undefined : attachments(s.networks, p('networks')),
    ports: (Array.isArray(s.ports) ? s.ports : []).flatMap((raw, i) => port(ctx, raw, p('ports', i))),
    expose: (Array.isArray(s.expose) ? s.expose : []).flatMap((raw, i) => exposed(ctx, raw, p('expose', i))),
    mounts: [
      ...(Array.isArray(s.volumes) ? s.volumes : []).flatMap((v, i) => mount(ctx, v, p('volumes', i))),
      ...(listOf(s.tmpfs) ?? []).map((t, i) => tmpfs(ctx, t, Array.isArray(s.tmpfs) ? p('tmpfs', i) : p('tmpfs'))),
    ],
    dependsOn: s.depends_on === undefined ? undefined : dependencies(s.depends_on, p('depends_on')),
    healthCheck: s.healthcheck === undefined ? undefined : healthCheck(isObj(s.healthcheck) ? s.healthcheck : {}, p('healthcheck')),
    extraHosts: s.extra_hosts === undefined ? undefined : extraHosts(s.extra_hosts, p('extra_hosts')),
    links: (Array.isArray(s.links) ? s.links.map(String) : []).map((l, i) => {
      const [service, alias] = l.split(':');
      return { service, alias: alias ?? service, path: p('links', i) };
    }),
  };
}

/** `command`/`entrypoint`: a string split as a shell would, or a list. */
function words(v: unknown, path: ComposePath): CanonicalWords | undefined {
  if (Array.isArray(v)) return { path, words: v.map(String) };
  if (typeof v !== 'string') return undefined;
  try {
    return { path, words: shellSplit(v) };
  } catch (e) {
    return { path, error: (e as Error).message };
  }
}

function environment(v: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const bare = new Set<string>();
  const values = keyValues(v, (k) => {
    bare.add(k);
    return '';
  });
  for (const [k, value] of Object.entries(values)) out[k] = bare.has(k) ? null : value;
  return out;
}

function attachments(v: unknown, path: ComposePath): CanonicalAttachment[] {
  const entries: [string, unknown, ComposePath][] = Array.isArray(v) ? v.map((n, i) => [String(n), null, [...path, i]]) : Object.entries(v as Obj).map(([n, c]) => [n, c, [...path, n]]);
  return entries.map(([network, cfg, np]) => {
    const c = isObj(cfg) ? cfg : {};
    return {
      network,
      path: np,
      aliases: Array.isArray(c.aliases) ? c.aliases.map(String) : [],
      ipv4Address: c.ipv4_address as string | undefined,
      ipv6Address: c.ipv6_address as string | undefined,
      fields: Object.keys(c).filter((k) => !['aliases', 'ipv4_address', 'ipv6_address'].includes(k)),
    };
  });
}

function dependencies(v: unknown, path: ComposePath): CanonicalDependency[] {
  const entries: [string, unknown, ComposePath][] = Array.isArray(v) ? v.map((d, i) => [String(d), {}, [...path, i]]) : Object.entries(v as Obj).map(([d, c]) => [d, c, [...path, d]]);
  return entries.map(([service, cfg, dp]) => {
    const c = isObj(cfg) ? cfg : {};
    return { service, path: dp, condition: String(c.condition ?? 'service_started'), required: c.required, fields: Object.keys(c).filter((k) => k !== 'condition') };
  });
}

function healthCheck(h: Obj, path: ComposePath): CanonicalHealthCheck {
  let test: string[] | undefined;
  if (typeof h.test === 'string') test = ['CMD-SHELL', h.test];
  else if (Array.isArray(h.test) && ['CMD', 'CMD-SHELL', 'NONE'].includes(String(h.test[0]))) test = h.test.map(String);
  return {
    path,
    test,
    badTest: h.test !== undefined && test === undefined,
    disable: h.disable === true,
    timings: { interval: h.interval, timeout: h.timeout, start_period: h.start_period },
    retries: h.retries,
    fields: Object.keys(h).filter((k) => !['test', 'interval', 'timeout', 'start_period', 'retries', 'disable'].includes(k)),
  };
}

/** `host:ip` or `host=ip` (Compose v2, for IPv6 addresses) entries, or a mapping; brackets around IPv6 dropped. */
function extraHosts(v: unknown, path: ComposePath): CanonicalExtraHost[] {
  if (isObj(v)) return Object.entries(v).map(([name, ip]) => ({ path: [...path, name], text: name, name, ip: Array.isArray(ip) ? ip.map(String) : String(ip) }));
  return (Array.isArray(v) ? v : []).map((h, i) => {
    const text = String(h);
    const at = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
    const [name, ip] = [text.slice(0, at), text.slice(at + 1)];
    return { path: [...path, i], text, name: at < 0 ? '' : name, ip: ip.replace(/^\[|\]$/g, '') };
  });
}

const SHORT_PORT = /^(?:(?:(\[[^\]]+\]|[^:]*):)?(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)(?:\/(\w+))?$/;

const range = (text: string): [number, number] => {
  const [a, b] = text.split('-').map(Number);
  return [a, b ?? a];
};

/** One published-port mapping as Docker's `-p` short syntax writes it. */
export interface ParsedPort {
  readonly hostIp?: string;
  readonly hostPorts?: [number, number];
  readonly containerPorts: [number, number];
  readonly protocol: string;
}

/** Parses `[ip:][host[-end]:]container[-end][/protocol]`; undefined when it is not that. */
export function parseShortPort(spec: string): ParsedPort | undefined {
  const m = SHORT_PORT.exec(spec.trim());
  if (!m) return undefined;
  const ip = m[1] === undefined || m[1] === '' ? undefined : m[1].replace(/^\[|\]$/g, '');
  return { hostIp: ip, hostPorts: m[2] ? range(m[2]) : undefined, containerPorts: range(m[3]), protocol: (m[4] ?? 'tcp').toLowerCase() };
}

/** A `ports:` entry as long-syntax ports, one per port of a range. */
function port(ctx: StageContext, raw: unknown, path: ComposePath): CanonicalPort[] {
  const { M } = ctx;
  if (isObj(raw)) return longPort(ctx, raw, path);
  const spec = String(raw);
  const parsed = parseShortPort(spec);
  if (!parsed) return nothing(ctx.fail(path, M.badPort(spec)));
  const [c0, c1] = parsed.containerPorts;
  const count = c1 - c0 + 1;
  const [h0, h1] = parsed.hostPorts ?? [undefined, undefined];
  if (h0 !== undefined && h1! - h0 + 1 !== count) {
    if (count === 1) ctx.fail(path, M.hostPortRangeForOne(spec, c0));
    else ctx.fail(path, M.rangeLengths(spec));
    return [];
  }
  return Array.from({ length: count }, (_, k) => ({ path, target: c0 + k, protocol: parsed.protocol, published: h0 === undefined ? undefined : h0 + k, hostIp: parsed.hostIp }));
}

function longPort(ctx: StageContext, raw: Obj, path: ComposePath): CanonicalPort[] {
  const { M } = ctx;
  for (const k of Object.keys(raw)) if (!['target', 'published', 'host_ip', 'protocol', 'mode'].includes(k)) ctx.drop([...path, k], M.portField(k));
  const target = composeNumber(ctx, raw.target, [...path, 'target']);
  if (target === undefined) return [];
  if (raw.mode !== undefined && raw.mode !== 'ingress' && raw.mode !== 'host') return nothing(ctx.fail([...path, 'mode'], M.notOneOf('mode', raw.mode, ['ingress', 'host'])));
  const mode = raw.mode as 'ingress' | 'host' | undefined;
  let host: [number, number] | undefined;
  if (raw.published !== undefined && raw.published !== '') {
    host = range(String(raw.published));
    if (!Number.isInteger(host[0]) || !Number.isInteger(host[1])) return nothing(ctx.fail([...path, 'published'], M.badPort(String(raw.published))));
  }
  if (host && host[0] !== host[1]) return nothing(ctx.fail([...path, 'published'], M.hostPortRangeForOne(`${host[0]}-${host[1]}`, target)));
  return [{ path, target, protocol: String(raw.protocol ?? 'tcp'), published: host?.[0], hostIp: raw.host_ip as string | undefined, mode }];
}

/** An `expose:` entry (`80`, `8000-8010/udp`), one port each. */
function exposed(ctx: StageContext, raw: unknown, path: ComposePath): CanonicalPort[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(String(raw));
  if (!m) return nothing(ctx.fail(path, ctx.M.badPort(String(raw))));
  const [first, last] = [Number(m[1]), Number(m[2] ?? m[1])];
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, k) => ({ path, target: first + k, protocol: (m[3] ?? 'tcp').toLowerCase() }));
}

const isPathLike = (src: string) => src.startsWith('/') || src.startsWith('.') || src.startsWith('~');

/** A `volumes:` entry of a service in long syntax: `src:target[:ro]` becomes `{ type, source, target, read_only }`. */
function mount(ctx: StageContext, v: unknown, path: ComposePath): CanonicalMount[] {
  if (isObj(v)) {
    for (const k of Object.keys(v)) if (!['type', 'source', 'target', 'read_only', 'tmpfs'].includes(k)) ctx.drop([...path, k], ctx.M.mountField(k));
    const target = String(v.target ?? '');
    if (!target) return nothing(ctx.fail(path, ctx.M.badVolume(JSON.stringify(v))));
    const t = isObj(v.tmpfs) ? v.tmpfs : {};
    if (v.type === 'tmpfs') for (const k of Object.keys(t)) if (k !== 'size' && k !== 'mode') ctx.drop([...path, 'tmpfs', k], ctx.M.mountField(`tmpfs.${k}`));
    const source = v.type === 'bind' ? String(v.source ?? '') : v.source === undefined ? undefined : String(v.source);
    return [{ path, type: String(v.type), source, target, readOnly: v.read_only, size: t.size, mode: t.mode }];
  }
  const spec = String(v);
  const parts = spec.split(':');
  if (parts.length === 1) return [{ path, type: 'volume', target: spec }];
  if (parts.length > 3) return nothing(ctx.fail(path, ctx.M.badVolume(spec)));
  const [source, target, mode] = parts;
  const flags = (mode ?? '').split(',').filter(Boolean);
  for (const f of flags) if (!['ro', 'rw'].includes(f)) ctx.drop(path, ctx.M.volumeFlag(f));
  const readOnly = flags.includes('ro') ? true : flags.includes('rw') ? false : undefined;
  return [{ path, type: isPathLike(source) ? 'bind' : 'volume', source, target, readOnly }];
}

/** A service `tmpfs:` entry (`/run:size=64m,mode=1770`) as a tmpfs mount. */
function tmpfs(ctx: StageContext, t: string, path: ComposePath): CanonicalMount {
  const colon = t.indexOf(':');
  const options: Record<string, string> = {};
  for (const opt of colon < 0 ? [] : t.slice(colon + 1).split(',').filter(Boolean)) {
    const eq = opt.indexOf('=');
    const [k, v] = eq < 0 ? [opt, ''] : [opt.slice(0, eq), opt.slice(eq + 1)];
    if (k === 'size' || k === 'mode') options[k] = v;
    else ctx.drop(path, ctx.M.tmpfsOption(opt));
  }
  return { path, type: 'tmpfs', target: colon < 0 ? t : t.slice(0, colon), size: options.size, mode: options.mode };
}
