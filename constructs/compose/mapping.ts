import * as fs from 'fs';
import * as nodePath from 'path';
import { split as shellSplit } from 'shlex';
import { sensitiveBindReason } from '../mount';
import type { InsecureOptions } from '../security';
// `M` is the library's wording; the functions that word fixes (flags, props) take the caller's as a parameter `M`.
import { ComposeMessages as M, ComposeMessages as DEFAULT_MESSAGES, ComposeMessageSet } from './errors';
import { Environment } from './interpolation';
import {
  ComposePlan,
  PlannedHealthCheck,
  PlannedMount,
  PlannedRuntime,
  PlannedVolume,
  PlannedAddressPlan,
  PlannedAttachment,
  PlannedExposure,
  PlannedLink,
  PlannedNetwork,
  PlannedService,
  PlannedTier,
} from './plan';
import { ComposePath, ComposeProblem } from './source';
import { parseDockerSize, parseGoDuration } from '../private/grammar';

/** How the importer treats the places where the library's secure defaults differ from Compose. */
export type ComposeMode = 'secure' | 'compose-compatible';

/** Inputs of {@link planCompose} besides the document. */
export interface PlanOptions {
  readonly projectName: string;
  readonly mode: ComposeMode;
  /** Per-service opt-outs of the secure defaults, by service key. */
  readonly insecure: Readonly<Record<string, InsecureOptions>>;
  /** Services become swarm services on overlays. */
  readonly swarm: boolean;
  /** For `environment` entries without a value, which Compose takes from the environment. */
  readonly env: Environment;
  /** Variables interpolation substituted, by name: carried into the plan with those `environment` reads. @default - none */
  readonly variables?: Readonly<Record<string, string>>;
  /** The interpolated strings that hold them. @default - none */
  readonly variableSources?: readonly { readonly text: string; readonly names: readonly string[] }[];
  /** Absolute directory relative bind sources are resolved from (the Compose file's). */
  readonly directory: string;
  /**
   * Whether the constructs carry the runtime settings (mounts, health checks, dependsOn, DNS, process): until
   * they do, those fields are listed as not carried over.
   */
  readonly runtime: boolean;
  /** The wording of fixes (props or command-line flags). @default - the library's (ComposeProject props) */
  readonly messages?: ComposeMessageSet;
}

type Obj = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Compose's project name rule (Compose v2): lower case, only `a-z0-9_-`, starting with a letter or digit.
 * Returns the normalized name, or undefined when nothing usable is left.
 */
export function normalizeProjectName(raw: string): string | undefined {
  const n = raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
  return n === '' ? undefined : n;
}

/** One published-port mapping as Docker's `-p` short syntax writes it. */
interface ParsedPort {
  readonly hostIp?: string;
  readonly hostPorts?: [number, number];
  readonly containerPorts: [number, number];
  readonly protocol: string;
}

const SHORT_PORT = /^(?:(?:(\[[^\]]+\]|[^:]*):)?(\d+(?:-\d+)?)?:)?(\d+(?:-\d+)?)(?:\/(\w+))?$/;

function range(text: string): [number, number] {
  const [a, b] = text.split('-').map(Number);
  return [a, b ?? a];
}

/** Parses `[ip:][host[-end]:]container[-end][/protocol]`; undefined when it is not that. */
export function parseShortPort(spec: string): ParsedPort | undefined {
  const m = SHORT_PORT.exec(spec.trim());
  if (!m) return undefined;
  const ip = m[1] === undefined || m[1] === '' ? undefined : m[1].replace(/^\[|\]$/g, '');
  return { hostIp: ip, hostPorts: m[2] ? range(m[2]) : undefined, containerPorts: range(m[3]), protocol: (m[4] ?? 'tcp').toLowerCase() };
}

/** `KEY=value` lists or mappings (environment, labels) as a record. Entries without `=` are passed to `bare`. */
function keyValues(v: unknown, bare: (key: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const i = s.indexOf('=');
      if (i >= 0) out[s.slice(0, i)] = s.slice(i + 1);
      else {
        const b = bare(s);
        if (b !== undefined) out[s] = b;
      }
    }
  } else if (isObj(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (val === null || val === undefined) {
        const b = bare(k);
        if (b !== undefined) out[k] = b;
      } else out[k] = String(val);
    }
  }
  return out;
}

const asBool = (v: unknown): boolean | undefined => (v === undefined ? undefined : v === true || v === 'true');

/**
 * A boolean as Compose reads one (compose-go): true and false, or the strings y, yes, true, on and n, no, false,
 * off in any case. Anything else is refused (Compose refuses it too), never taken as false.
 */
function composeBool(v: unknown, path: ComposePath, fail: (p: ComposePath, m: string) => void, M: ComposeMessageSet): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  const text = String(v).toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(text)) return true;
  if (['n', 'no', 'false', 'off'].includes(text)) return false;
  fail(path, M.badBoolean(formatField(path), v));
  return undefined;
}

/** A number written in the file (or as text): refused at `path` unless finite (never NaN into a construct or code). */
function composeNumber(v: unknown, path: ComposePath, fail: (p: ComposePath, m: string) => void, M: ComposeMessageSet, integer = true): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    fail(path, M.notOneOf(formatField(path), v, [integer ? 'a whole number' : 'a number']));
    return undefined;
  }
  return n;
}

/** The field name of a path for messages: `privileged`, `deploy.endpoint_mode`. */
const formatField = (path: ComposePath) => path.slice(path[0] === 'services' ? 2 : 0).filter((x) => typeof x === 'string').join('.');

/** `value` when it is one of `allowed`; otherwise refused at `path` (a closed set is never passed on unchecked). */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: ComposePath, fail: (p: ComposePath, m: string) => void, M: ComposeMessageSet): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  fail(path, M.notOneOf(formatField(path), value, allowed));
  return undefined;
}

/**
 * Maps validated, interpolated Compose data to a {@link ComposePlan}. Pure: no constructs, no files. Every field
 * it does not carry over is listed in `unmapped` with its path; every refusal in `errors`.
 */
export function planCompose(data: Obj, options: PlanOptions): ComposePlan {
  const M = options.messages ?? DEFAULT_MESSAGES;
  const unmapped: ComposeProblem[] = [];
  const errors: ComposeProblem[] = [];
  const warnings: ComposeProblem[] = [];
  const project = options.projectName;
  const drop = (path: ComposePath, why: string) => unmapped.push({ path, message: why });
  const fail = (path: ComposePath, message: string) => errors.push({ path, message });
  // Every value read from the environment, so that generated code refers to it instead of holding it.
  const variables: Record<string, string> = { ...(options.variables ?? {}) };
  const variableSources = [...(options.variableSources ?? [])];
  options = {
    ...options,
    env: new Proxy(options.env, {
      get: (target, name) => {
        const v = typeof name === 'string' && Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
        if (v !== undefined) {
          variables[name as string] = v;
          variableSources.push({ text: v, names: [name as string] });
        }
        return v;
      },
    }),
  };

  // Top level.
  for (const key of Object.keys(data)) {
    if (['services', 'networks', 'name', 'x-address-plan', 'x-tiers'].includes(key) || key.startsWith('x-')) continue;
    if (key === 'version') {
      warnings.push({ path: ['version'], message: M.versionObsolete() });
      continue;
    }
    if (key === 'volumes' && (options.runtime || (isObj(data.volumes) && Object.keys(data.volumes).length === 0))) continue;
    drop([key], M.notSupported(key));
  }

  const addressPlan = planAddressPlan(data['x-address-plan'], options.directory, fail, M);

  // Networks.
  const networks: PlannedNetwork[] = [];
  const declared = isObj(data.networks) ? data.networks : {};
  for (const [key, raw] of Object.entries(declared)) {
    networks.push(planNetwork(key, isObj(raw) ? raw : {}, project, options.swarm, !!addressPlan, drop, fail, M));
  }

  // Services.
  const servicesRaw = isObj(data.services) ? data.services : {};
  const serviceKeys = Object.keys(servicesRaw);
  const tiers = planTiers(data['x-tiers'], serviceKeys, options.swarm, fail);
  const inTier = new Set(tiers.flatMap((t) => t.services));
  const services: PlannedService[] = [];
  let needsDefault = false;
  for (const [key, raw] of Object.entries(servicesRaw)) {
    const svc = isObj(raw) ? raw : {};
    const planned = planService(key, svc, servicesRaw, declared, options, inTier.has(key), drop, fail, warnings);
    if (planned.usesDefault) needsDefault = true;
    services.push(planned.service);
  }
  if (needsDefault && !networks.some((n) => n.key === 'default')) {
    networks.push({
      key: 'default',
      path: ['networks'],
      name: `${project}_default`,
      kind: options.swarm ? 'overlay' : 'bridge',
      fromAddressPlan: !!addressPlan || undefined,
    });
  }
  const volumes = options.runtime ? planVolumes(data.volumes, project, services, drop, M) : [];
  for (const svc of services) {
    (svc.runtime.mounts ?? []).forEach((m, i) => {
      if (m.type === 'volume' && !volumes.some((v) => v.key === m.source)) fail([...svc.path, 'volumes', i], M.undeclaredVolume(m.source!, volumes.map((v) => v.key)));
    });
  }
  return { projectName: project, swarm: options.swarm, compatible: options.mode === 'compose-compatible', networks, volumes, services, addressPlan, tiers, unmapped, errors, warnings, variables, variableSources };
}

function planAddressPlan(raw: unknown, directory: string, fail: (p: ComposePath, m: string) => void, M: ComposeMessageSet): PlannedAddressPlan | undefined {
  if (raw === undefined) return undefined;
  const path = ['x-address-plan'];
  if (!isObj(raw) || typeof raw.pool !== 'string') {
    fail(path, M.badExtension('x-address-plan', '{ pool: 10.60.0.0/16, prefix_length: 24, lock_file: compose.lock.yaml }'));
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!['pool', 'prefix_length', 'lock_file'].includes(k)) fail([...path, k], M.unknownExtensionField('x-address-plan', k, ['pool', 'prefix_length', 'lock_file']));
  const prefix = raw.prefix_length === undefined ? undefined : Number(raw.prefix_length);
  if (prefix !== undefined && !Number.isInteger(prefix)) fail([...path, 'prefix_length'], M.badExtension('x-address-plan.prefix_length', 'a whole number such as 24'));
  if (raw.lock_file !== undefined && typeof raw.lock_file !== 'string') fail([...path, 'lock_file'], M.badExtension('x-address-plan.lock_file', 'compose.lock.yaml'));
  const lockFile = typeof raw.lock_file === 'string' ? raw.lock_file : undefined;
  if (lockFile !== undefined) {
    const why = lockFileProblem(lockFile, directory);
    if (why) fail([...path, 'lock_file'], M.lockFile(lockFile, why));
  }
  return { pool: raw.pool, prefixLength: prefix, lockFile };
}

/**
 * Why a lock file named in a Compose file may not be written, or undefined. The file is input from someone else:
 * the lock file stays inside the project (its real path under the real path of the Compose file's directory),
 * is a `.yaml`/`.yml` file, is not a symlink, and no directory is created for it.
 */
export function lockFileProblem(lockFile: string, directory: string): string | undefined {
  if (lockFile === '' || /[\u0000-\u001f]/.test(lockFile)) return 'is not a file name';
  if (nodePath.isAbsolute(lockFile) || nodePath.win32.isAbsolute(lockFile)) return 'is an absolute path';
  if (!/\.ya?ml$/.test(lockFile)) return 'does not end in .yaml or .yml';
  let root: string;
  try {
    root = fs.realpathSync(directory);
  } catch {
    return `cannot be placed: the Compose file's directory ${JSON.stringify(directory)} does not exist`;
  }
  const file = nodePath.resolve(directory, lockFile);
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
  if (!inside(nodePath.resolve(root, lockFile))) return "is outside the Compose file's directory";
  let parent: string;
  try {
    parent = fs.realpathSync(nodePath.dirname(file));
  } catch {
    return `is in a directory that does not exist (${JSON.stringify(nodePath.dirname(lockFile))}); no directory is created for a lock file named in a Compose file`;
  }
  if (!inside(parent)) return "is outside the Compose file's directory (through a symlink)";
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return 'is a symlink';
  if (stat && !stat.isFile()) return 'is not a regular file';
  return undefined;
}

function planTiers(raw: unknown, services: string[], swarm: boolean, fail: (p: ComposePath, m: string) => void): PlannedTier[] {
  if (raw === undefined) return [];
  const path = ['x-tiers'];
  if (!isObj(raw)) {
    fail(path, M.badExtension('x-tiers', '{ edge: { services: [web] }, app: { services: [api], allow_from: [edge] } }'));
    return [];
  }
  if (swarm) fail(path, M.tiersInSwarm());
  const tiers: PlannedTier[] = [];
  const seen = new Map<string, string>();
  for (const [name, t] of Object.entries(raw)) {
    const tp = [...path, name];
    if (!isObj(t)) {
      fail(tp, M.badExtension(`x-tiers.${name}`, '{ services: [api], allow_from: [edge], internal: false }'));
      continue;
    }
    for (const k of Object.keys(t)) if (!['services', 'allow_from', 'internal'].includes(k)) fail([...tp, k], M.unknownExtensionField('x-tiers', k, ['services', 'allow_from', 'internal']));
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    const members = list(t.services);
    members.forEach((s, i) => {
      if (!services.includes(s)) fail([...tp, 'services', i], M.unknownService(s, services));
      const other = seen.get(s);
      if (other) fail([...tp, 'services', i], M.serviceInTwoTiers(s, other, name));
      seen.set(s, name);
    });
    const allow = list(t.allow_from);
    allow.forEach((a, i) => {
      if (!Object.keys(raw).includes(a)) fail([...tp, 'allow_from', i], M.unknownTier(a, Object.keys(raw)));
    });
    tiers.push({ name, services: members, allowFrom: allow, internal: t.internal === true });
  }
  return tiers;
}

const NETWORK_FIELDS = ['driver', 'driver_opts', 'name', 'external', 'internal', 'attachable', 'enable_ipv6', 'ipam', 'labels'];

function planNetwork(
  key: string,
  n: Obj,
  project: string,
  swarm: boolean,
  hasPlan: boolean,
  drop: (p: ComposePath, m: string) => void,
  fail: (p: ComposePath, m: string) => void,
  M: ComposeMessageSet,
): PlannedNetwork {
  const path = ['networks', key];
  for (const k of Object.keys(n)) if (!NETWORK_FIELDS.includes(k) && !k.startsWith('x-')) drop([...path, k], M.notSupported(k));
  const driver = (n.driver as string | undefined) ?? (swarm ? 'overlay' : 'bridge');
  const external = n.external === true || (isObj(n.external) && true);
  if (isObj(n.external)) drop([...path, 'external'], M.externalObject());
  if (external) {
    const name = typeof n.name === 'string' ? n.name : isObj(n.external) && typeof n.external.name === 'string' ? n.external.name : key;
    for (const k of Object.keys(n)) if (!['external', 'name', 'driver'].includes(k) && !k.startsWith('x-')) drop([...path, k], M.externalIgnores(k));
    return { key, path, name, kind: driver === 'overlay' ? 'external-overlay' : 'external-bridge' };
  }
  if (driver !== 'bridge' && driver !== 'overlay') {
    drop([...path, 'driver'], M.driverNotSupported(driver));
  }
  if (swarm && driver === 'bridge') fail([...path, 'driver'], M.bridgeInSwarm(key));
  if (!swarm && driver === 'overlay') fail([...path, 'driver'], M.overlayWithoutSwarm(key));
  const name = typeof n.name === 'string' ? n.name : `${project}_${key}`;
  const labels = n.labels === undefined ? undefined : keyValues(n.labels, () => '');
  const opts: Record<string, string> = isObj(n.driver_opts) ? Object.fromEntries(Object.entries(n.driver_opts).map(([k, v]) => [k, String(v)])) : {};
  const take = (k: string) => {
    const v = opts[k];
    delete opts[k];
    return v;
  };
  const out: Record<string, unknown> = {};
  const kind = driver === 'overlay' ? 'overlay' : 'bridge';
  if (kind === 'bridge') {
    out.bridgeName = take('com.docker.network.bridge.name');
    const icc = take('com.docker.network.bridge.enable_icc');
    if (icc !== undefined) out.interContainerCommunication = icc === 'true';
    const masq = take('com.docker.network.bridge.enable_ip_masquerade');
    if (masq !== undefined) out.ipMasquerade = masq === 'true';
    const mtu = take('com.docker.network.driver.mtu');
    if (mtu !== undefined) out.mtu = composeNumber(mtu, [...path, 'driver_opts', 'com.docker.network.driver.mtu'], fail, M);
    if (n.attachable === false) drop([...path, 'attachable'], M.bridgeAlwaysAttachable());
  } else {
    const enc = take('encrypted');
    if (enc !== undefined) out.encrypted = enc === '' || enc === 'true';
    out.attachable = asBool(n.attachable);
    for (const k of Object.keys(opts)) drop([...path, 'driver_opts', k], M.overlayOption(k));
    for (const k of Object.keys(opts)) delete opts[k];
  }
  const ipam = isObj(n.ipam) ? n.ipam : undefined;
  let hasSubnet = false;
  if (ipam) {
    for (const k of Object.keys(ipam)) {
      if (k === 'driver' && ipam.driver === 'default') continue;
      if (k !== 'config' && !k.startsWith('x-')) drop([...path, 'ipam', k], M.ipamField(k));
    }
    const configs = Array.isArray(ipam.config) ? ipam.config : [];
    let v4 = false;
    let v6 = false;
    configs.forEach((c, i) => {
      const cp = [...path, 'ipam', 'config', i];
      if (!isObj(c)) return;
      const subnet = typeof c.subnet === 'string' ? c.subnet : undefined;
      for (const k of Object.keys(c)) if (!['subnet', 'ip_range', 'gateway', 'aux_addresses'].includes(k)) drop([...cp, k], M.notSupported(k));
      if (!subnet) {
        drop(cp, M.ipamWithoutSubnet());
        return;
      }
      hasSubnet = true;
      const isV6 = subnet.includes(':');
      if (isV6) {
        if (v6) return drop(cp, M.secondIpamBlock(6));
        v6 = true;
        out.ipv6Subnet = subnet;
        out.ipv6Gateway = c.gateway;
        if (kind === 'overlay') drop(cp, M.overlayIpv6());
        if (c.ip_range !== undefined) drop([...cp, 'ip_range'], M.ipv6Field('ip_range'));
        if (c.aux_addresses !== undefined) drop([...cp, 'aux_addresses'], M.ipv6Field('aux_addresses'));
      } else {
        if (v4) return drop(cp, M.secondIpamBlock(4));
        v4 = true;
        out.subnet = subnet;
        out.gateway = c.gateway;
        out.ipRange = c.ip_range;
        if (isObj(c.aux_addresses)) {
          if (kind === 'overlay') drop([...cp, 'aux_addresses'], M.overlayAux());
          else out.auxAddresses = Object.fromEntries(Object.entries(c.aux_addresses).map(([h, ip]) => [h, String(ip)]));
        }
      }
    });
  }
  if (n.enable_ipv6 === true && !out.ipv6Subnet) fail([...path, 'enable_ipv6'], M.ipv6WithoutSubnet(key));
  if (n.enable_ipv6 === false && out.ipv6Subnet) fail([...path, 'enable_ipv6'], M.ipv6Disabled(key));
  return {
    key,
    path,
    name,
    kind,
    ...(out as Partial<PlannedNetwork>),
    internal: n.internal === true ? true : undefined,
    labels,
    driverOptions: Object.keys(opts).length > 0 ? opts : undefined,
    fromAddressPlan: hasPlan && !hasSubnet ? true : undefined,
  };
}

/** Service fields that map to the runtime settings of Container / SwarmService. */
const RUNTIME_FIELDS = ['entrypoint', 'user', 'working_dir', 'dns', 'dns_search', 'dns_opt', 'extra_hosts', 'healthcheck', 'volumes', 'depends_on', 'tmpfs'];

/** Runtime fields a SwarmService has no setting for. */
const SWARM_UNSUPPORTED = ['entrypoint', 'dns', 'dns_search', 'dns_opt', 'extra_hosts'];

const SERVICE_FIELDS = [
  'image',
  'command',
  'environment',
  'networks',
  'network_mode',
  'links',
  'ports',
  'expose',
  'cap_add',
  'cap_drop',
  'labels',
  'restart',
  'privileged',
  'container_name',
  'hostname',
  'deploy',
  'security_opt',
  'pid',
  'ipc',
  'userns_mode',
];

function planService(
  key: string,
  s: Obj,
  all: Obj,
  declaredNetworks: Obj,
  options: PlanOptions,
  inTier: boolean,
  drop: (p: ComposePath, m: string) => void,
  fail: (p: ComposePath, m: string) => void,
  warnings: ComposeProblem[],
): { service: PlannedService; usesDefault: boolean } {
  const M = options.messages ?? DEFAULT_MESSAGES;
  const path = ['services', key];
  const p = (...rest: (string | number)[]) => [...path, ...rest];
  const swarm = options.swarm;
  const compatible = options.mode === 'compose-compatible';
  const granted: InsecureOptions = options.insecure[key] ?? {};
  const insecure: { -readonly [K in keyof InsecureOptions]: InsecureOptions[K] } = {};
  for (const k of Object.keys(s)) {
    if (k.startsWith('x-') && k !== 'x-exposure') continue;
    if (k === 'x-exposure' || SERVICE_FIELDS.includes(k)) continue;
    if (RUNTIME_FIELDS.includes(k)) {
      if (!options.runtime) drop(p(k), M.needsRuntime(k));
      else if (swarm && SWARM_UNSUPPORTED.includes(k)) drop(p(k), M.swarmField(k));
      continue;
    }
    drop(p(k), M.serviceFieldNotSupported(k, swarm));
  }
  if (typeof s.image !== 'string') fail(p(), M.noImage(key));
  else if (s.image.trim() === '') fail(p('image'), M.emptyImage(key));
  const image = typeof s.image === 'string' ? s.image : '';

  // Opt-outs the file asks for: the per-service `insecure` must grant them in either mode.
  const ask = (field: string, flag: keyof InsecureOptions, what: string, cis: string) => {
    if (!granted[flag]) fail(p(field), M.needsOptOut(key, what, flag, cis));
    insecure[flag] = true;
  };
  if (composeBool(s.privileged, p('privileged'), fail, M)) ask('privileged', 'privileged', 'privileged: true', 'CIS 5.5');
  if (s.pid === 'host') ask('pid', 'hostPid', 'pid: host', 'CIS 5.16');
  else if (s.pid !== undefined) drop(p('pid'), M.valueNotSupported('pid', s.pid));
  if (s.ipc === 'host') ask('ipc', 'hostIpc', 'ipc: host', 'CIS 5.17');
  else if (s.ipc !== undefined) drop(p('ipc'), M.valueNotSupported('ipc', s.ipc));
  if (s.userns_mode === 'host') ask('userns_mode', 'hostUserns', 'userns_mode: host', 'CIS 5.31');
  else if (s.userns_mode !== undefined) drop(p('userns_mode'), M.valueNotSupported('userns_mode', s.userns_mode));

  // Networks.
  const attachments: PlannedAttachment[] = [];
  let usesDefault = false;
  const mode = s.network_mode as string | undefined;
  if (mode !== undefined) {
    if (s.networks !== undefined) fail(p('network_mode'), M.modeAndNetworks());
    if (mode === 'host') ask('network_mode', 'hostNetwork', 'network_mode: host', 'CIS 5.10');
    if (mode === 'bridge') ask('network_mode', 'defaultBridge', 'network_mode: bridge (docker0)', 'CIS 5.30');
    if (mode === 'host' || mode === 'none' || mode === 'bridge') attachments.push({ network: mode, builtin: mode, aliases: [] });
    else drop(p('network_mode'), M.valueNotSupported('network_mode', mode));
    if (swarm) fail(p('network_mode'), M.swarmNetworkMode());
  } else if (s.networks !== undefined) {
    const entries: [string, unknown, ComposePath][] = Array.isArray(s.networks)
      ? s.networks.map((n, i) => [String(n), null, p('networks', i)])
      : Object.entries(s.networks as Obj).map(([n, v]) => [n, v, p('networks', n)]);
    for (const [net, cfg, np] of entries) {
      if (net !== 'default' && !(net in declaredNetworks)) {
        fail(np, M.undeclaredNetwork(net, Object.keys(declaredNetworks)));
        continue;
      }
      if (net === 'default' && !('default' in declaredNetworks)) usesDefault = true;
      const c = isObj(cfg) ? cfg : {};
      for (const k of Object.keys(c)) if (!['aliases', 'ipv4_address', 'ipv6_address'].includes(k)) drop([...np, k], M.attachmentField(k));
      if (swarm && (c.ipv4_address !== undefined || c.ipv6_address !== undefined)) fail(np, M.swarmStaticIp());
      attachments.push({
        network: net,
        ipv4Address: c.ipv4_address as string | undefined,
        ipv6Address: c.ipv6_address as string | undefined,
        aliases: Array.isArray(c.aliases) ? c.aliases.map(String) : [],
      });
    }
  } else if (!inTier) {
    usesDefault = true;
    attachments.push({ network: 'default', aliases: [] });
  }
  // Compose makes the service name an alias on every user-defined network (the container is <project>-<svc>-1).
  for (const a of attachments) if (!a.builtin && !a.aliases.includes(key)) a.aliases.unshift(key);

  // Ports.
  const exposures: PlannedExposure[] = [];
  const notes: string[] = [];
  let loopbackPorts = 0;
  const publish = (port: number, protocol: string, hostPort: number | undefined, hostIp: string | undefined, pp: ComposePath, swarmMode?: 'ingress' | 'host') => {
    if (protocol !== 'tcp' && protocol !== 'udp') return drop(pp, M.protocolNotSupported(protocol));
    if (swarm && hostPort === undefined) return fail(pp, M.swarmNeedsPublished(port));
    if (swarm && hostIp !== undefined) return drop(pp, M.swarmHostIp(hostIp));
    if (!swarm && hostIp === undefined && !compatible) loopbackPorts++;
    exposures.push({ port, protocol, kind: 'published', hostPort, hostIp: hostIp ?? (compatible && !swarm ? '0.0.0.0' : undefined), swarmMode: swarm ? swarmMode ?? 'ingress' : undefined });
  };
  const ports = Array.isArray(s.ports) ? s.ports : [];
  ports.forEach((raw, i) => {
    const pp = p('ports', i);
    if (isObj(raw)) {
      for (const k of Object.keys(raw)) if (!['target', 'published', 'host_ip', 'protocol', 'mode'].includes(k)) drop([...pp, k], M.portField(k));
      const target = composeNumber(raw.target, [...pp, 'target'], fail, M);
      if (target === undefined) return;
      const protocol = String(raw.protocol ?? 'tcp');
      if (raw.mode !== undefined && raw.mode !== 'ingress' && raw.mode !== 'host') return fail([...pp, 'mode'], M.notOneOf('mode', raw.mode, ['ingress', 'host']));
      const mode = raw.mode as 'ingress' | 'host' | undefined;
      if (!swarm && mode !== undefined && mode !== 'ingress') drop([...pp, 'mode'], M.portModeOutsideSwarm(mode));
      let host: [number, number] | undefined;
      if (raw.published !== undefined && raw.published !== '') {
        const r = range(String(raw.published));
        if (!Number.isInteger(r[0]) || !Number.isInteger(r[1])) return fail([...pp, 'published'], M.badPort(String(raw.published)));
        host = r;
      }
      if (host && host[0] !== host[1]) return drop([...pp, 'published'], M.hostPortRangeForOne(`${host[0]}-${host[1]}`, target));
      publish(target, protocol, host?.[0], raw.host_ip as string | undefined, pp, mode);
      return;
    }
    const spec = String(raw);
    const parsed = parseShortPort(spec);
    if (!parsed) return fail(pp, M.badPort(spec));
    const [c0, c1] = parsed.containerPorts;
    const count = c1 - c0 + 1;
    if (parsed.hostPorts) {
      const [h0, h1] = parsed.hostPorts;
      if (h1 - h0 + 1 !== count) {
        if (count === 1) return drop(pp, M.hostPortRangeForOne(spec, c0));
        return fail(pp, M.rangeLengths(spec));
      }
      for (let k = 0; k < count; k++) publish(c0 + k, parsed.protocol, h0 + k, parsed.hostIp, pp);
    } else {
      for (let k = 0; k < count; k++) publish(c0 + k, parsed.protocol, undefined, parsed.hostIp, pp);
    }
  });
  const linkPorts: { port: number; protocol: 'tcp' | 'udp' }[] = [];
  const expose = Array.isArray(s.expose) ? s.expose : [];
  expose.forEach((raw, i) => {
    const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(String(raw));
    if (!m) return fail(p('expose', i), M.badPort(String(raw)));
    const protocol = (m[3] ?? 'tcp').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') return drop(p('expose', i), M.protocolNotSupported(protocol));
    if (swarm) return drop(p('expose', i), M.exposeInSwarm());
    // On docker0, host or none there is no DNS: expose only documents the port (and feeds link variables).
    if (mode !== undefined) {
      for (let n = Number(m[1]); n <= Number(m[2] ?? m[1]); n++) linkPorts.push({ port: n, protocol });
      return;
    }
    for (let n = Number(m[1]); n <= Number(m[2] ?? m[1]); n++) exposures.push({ port: n, protocol, kind: 'cluster-internal' });
  });
  planExposureExtension(s['x-exposure'], p('x-exposure'), swarm, exposures, fail);

  // Process.
  let command: string[] | undefined;
  if (typeof s.command === 'string') {
    try {
      command = shellSplit(s.command);
    } catch (e) {
      fail(p('command'), M.badCommand((e as Error).message));
    }
  } else if (Array.isArray(s.command)) command = s.command.map(String);
  const env = s.environment === undefined ? undefined : keyValues(s.environment, (k) => options.env[k]);
  const labels = s.labels === undefined ? undefined : keyValues(s.labels, () => '');
  let restart: PlannedService['restart'];
  let restartMaxRetries: number | undefined;
  if (typeof s.restart === 'string') {
    const m = /^(no|always|on-failure|unless-stopped)(?::(\d+))?$/.exec(s.restart);
    if (!m) fail(p('restart'), M.badRestart(s.restart));
    else {
      restart = m[1] as PlannedService['restart'];
      if (m[2] !== undefined && !options.runtime) drop(p('restart'), M.restartRetries(s.restart));
      else if (m[2] !== undefined) restartMaxRetries = Number(m[2]);
    }
    if (swarm) drop(p('restart'), M.swarmRestart());
  }

  // Capabilities.
  const capAdd = Array.isArray(s.cap_add) ? s.cap_add.map(String) : [];
  const capDrop = Array.isArray(s.cap_drop) ? s.cap_drop.map(String) : [];
  const dropsAll = capDrop.some((c) => c.toUpperCase() === 'ALL');
  let capabilities: string[] | undefined;
  if (capAdd.includes('ALL') || capAdd.includes('all')) fail(p('cap_add'), M.capAddAll(key));
  if (compatible && !dropsAll) {
    insecure.defaultCapabilities = true;
    if (capDrop.length > 0) drop(p('cap_drop'), M.capDropPartial(capDrop));
    capabilities = capAdd.length > 0 ? capAdd : undefined;
  } else {
    capabilities = capAdd.length > 0 ? capAdd : undefined;
  }
  if (swarm && compatible && !dropsAll) drop(p(), M.swarmDefaultCaps());

  // no-new-privileges.
  const secOpts = Array.isArray(s.security_opt) ? s.security_opt.map(String) : [];
  secOpts.forEach((o, i) => {
    if (!/^no-new-privileges(:true)?$/.test(o)) drop(p('security_opt', i), M.securityOpt(o));
  });
  const nnpAsked = secOpts.some((o) => /^no-new-privileges(:true)?$/.test(o));
  if (compatible && !nnpAsked) insecure.allowNewPrivileges = true;
  for (const [flag, v] of Object.entries(granted)) if (v) (insecure as Record<string, boolean>)[flag] = true;

  // Links.
  const links: PlannedLink[] = [];
  const linkList = Array.isArray(s.links) ? s.links.map(String) : [];
  linkList.forEach((l, i) => {
    const [target, alias] = l.split(':');
    if (!(target in all)) return fail(p('links', i), M.unknownService(target, Object.keys(all)));
    if (swarm) return drop(p('links', i), M.swarmLinks());
    links.push({ target, alias: alias ?? target, environment: mode === 'bridge' });
  });

  // Swarm.
  let replicas: number | undefined;
  let endpointMode: 'vip' | 'dnsrr' | undefined;
  const deploy: Mutable<PlannedRuntime> = {};
  if (s.deploy !== undefined) {
    const d = isObj(s.deploy) ? s.deploy : {};
    if (!swarm) drop(p('deploy'), M.deployWithoutSwarm());
    else {
      const deployRuntime = options.runtime ? ['placement', 'resources', 'labels', 'restart_policy'] : [];
      for (const k of Object.keys(d)) if (!['replicas', 'endpoint_mode', 'mode', ...deployRuntime].includes(k)) drop(p('deploy', k), M.deployField(k));
      if (d.mode === 'global' && options.runtime) deploy.globalMode = true;
      else if (d.mode !== undefined && d.mode !== 'replicated') drop(p('deploy', 'mode'), M.valueNotSupported('deploy.mode', d.mode));
      if (options.runtime) planDeployRuntime(d, p('deploy'), deploy, drop, fail, M);
      replicas = composeNumber(d.replicas, p('deploy', 'replicas'), fail, M);
      endpointMode = oneOf(d.endpoint_mode, ['vip', 'dnsrr'] as const, p('deploy', 'endpoint_mode'), fail, M);
    }
  }
  if (swarm) {
    if (s.container_name !== undefined) drop(p('container_name'), M.swarmField('container_name'));
    if (s.hostname !== undefined) drop(p('hostname'), M.swarmField('hostname'));
    if (s.labels !== undefined) drop(p('labels'), M.swarmField('labels'));
    if (s.security_opt !== undefined) drop(p('security_opt'), M.swarmField('security_opt'));
  }

  const runtime: PlannedRuntime = options.runtime ? { ...planRuntime(s, path, all, options, drop, fail), ...deploy, restartMaxRetries } : {};
  const readOnlyBinds = (runtime.mounts ?? []).filter((m) => m.type === 'bind' && m.readOnly === undefined).length;
  if (!compatible) {
    if (loopbackPorts > 0) notes.push(M.noteLoopback(loopbackPorts));
    if (readOnlyBinds > 0) notes.push(M.noteReadOnlyBinds(readOnlyBinds));
    if (!dropsAll) notes.push(M.noteCapabilities(capAdd));
    if (!nnpAsked && !swarm) notes.push(M.noteNoNewPrivileges());
    if (notes.length > 0) warnings.push({ path, message: M.secureDefaults(key, notes), secureDefaults: true });
  }

  const name = swarm ? `${options.projectName}_${key}` : typeof s.container_name === 'string' ? s.container_name : `${options.projectName}-${key}-1`;
  return {
    usesDefault,
    service: {
      key,
      path,
      name,
      image,
      command,
      env: env && Object.keys(env).length > 0 ? env : undefined,
      restart,
      hostname: swarm ? undefined : (s.hostname as string | undefined),
      labels: swarm ? undefined : labels,
      capabilities,
      insecure,
      attachments,
      exposures,
      linkPorts: [...linkPorts, ...exposures.map((e) => ({ port: e.port, protocol: e.protocol }))],
      links,
      runtime,
      replicas,
      endpointMode,
      secureDefaultNotes: notes,
    },
  };
}

function planExposureExtension(raw: unknown, path: ComposePath, swarm: boolean, out: PlannedExposure[], fail: (p: ComposePath, m: string) => void): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) return fail(path, M.badExtension('x-exposure', '[{ target: 9100, kind: node-port }, { target: 5432, kind: cluster-internal }]'));
  if (swarm) return fail(path, M.exposureInSwarm());
  raw.forEach((e, i) => {
    const ep = [...path, i];
    if (!isObj(e)) return fail(ep, M.badExtension('x-exposure item', '{ target: 80, kind: published, published: 8080, host_ip: 127.0.0.1 }'));
    for (const k of Object.keys(e)) if (!['target', 'protocol', 'kind', 'published', 'host_ip'].includes(k)) fail([...ep, k], M.unknownExtensionField('x-exposure', k, ['target', 'protocol', 'kind', 'published', 'host_ip']));
    const kind = e.kind;
    if (kind !== 'cluster-internal' && kind !== 'node-port' && kind !== 'published') return fail([...ep, 'kind'], M.exposureKind(String(kind)));
    const port = Number(e.target);
    if (!Number.isInteger(port)) return fail([...ep, 'target'], M.badPort(String(e.target)));
    const protocol = String(e.protocol ?? 'tcp');
    if (protocol !== 'tcp' && protocol !== 'udp') return fail([...ep, 'protocol'], M.protocolNotSupported(protocol));
    if (kind === 'cluster-internal' && (e.published !== undefined || e.host_ip !== undefined)) return fail(ep, M.clusterInternalPublished());
    const hostPort = e.published === undefined ? undefined : Number(e.published);
    if (hostPort !== undefined && !Number.isInteger(hostPort)) return fail([...ep, 'published'], M.badPort(String(e.published)));
    if (e.host_ip !== undefined && typeof e.host_ip !== 'string') return fail([...ep, 'host_ip'], M.badExtension('x-exposure host_ip', '127.0.0.1'));
    out.push({ port, protocol, kind, hostPort, hostIp: e.host_ip as string | undefined });
  });
}

/** `30s`, `1m30s`, `500ms`, `2h`: a Go duration as Compose writes it; undefined when it is not one. */
export function parseDuration(text: string): string | undefined {
  return parseGoDuration(text).ok ? text : undefined;
}

/**
 * `512m`, `1g`, `1024`, `64k`, `1.5gb`, `512MiB` as Compose writes sizes (Docker's notation, read by the library's
 * one size parser, the one `Size.parse` reads through); bytes, or undefined for the caller to report.
 */
export function parseSize(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  const parsed = parseDockerSize(String(v));
  return parsed.ok ? parsed.value : undefined;
}

const listOf = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);

function planRuntime(
  s: Obj,
  path: ComposePath,
  all: Obj,
  options: PlanOptions,
  drop: (p: ComposePath, m: string) => void,
  fail: (p: ComposePath, m: string) => void,
): Mutable<PlannedRuntime> {
  const p = (...rest: (string | number)[]) => [...path, ...rest];
  const r: Mutable<PlannedRuntime> = {};
  if (options.swarm) s = Object.fromEntries(Object.entries(s).filter(([k]) => !SWARM_UNSUPPORTED.includes(k)));
  if (typeof s.entrypoint === 'string') {
    try {
      r.entrypoint = shellSplit(s.entrypoint);
    } catch (e) {
      fail(p('entrypoint'), M.badCommand((e as Error).message));
    }
  } else if (Array.isArray(s.entrypoint)) r.entrypoint = s.entrypoint.map(String);
  if (s.user !== undefined) r.user = String(s.user);
  if (s.working_dir !== undefined) r.workingDir = String(s.working_dir);
  r.dns = listOf(s.dns);
  r.dnsSearch = listOf(s.dns_search);
  r.dnsOptions = listOf(s.dns_opt);
  if (s.extra_hosts !== undefined) {
    const hosts: Record<string, string> = {};
    if (Array.isArray(s.extra_hosts)) {
      s.extra_hosts.forEach((h, i) => {
        // host:ip, or host=ip (Compose v2, for IPv6 addresses)
        const text = String(h);
        const eq = text.indexOf('=');
        const [name, ip] = eq >= 0 ? [text.slice(0, eq), text.slice(eq + 1)] : [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)];
        if (!name || !ip) return fail(p('extra_hosts', i), M.badExtraHost(text));
        hosts[name] = ip.replace(/^\[|\]$/g, '');
      });
    } else if (isObj(s.extra_hosts)) {
      for (const [name, ip] of Object.entries(s.extra_hosts)) {
        if (Array.isArray(ip)) drop(p('extra_hosts', name), M.extraHostMany(name));
        else hosts[name] = String(ip);
      }
    }
    r.extraHosts = hosts;
  }
  if (s.healthcheck !== undefined) r.healthCheck = planHealthCheck(isObj(s.healthcheck) ? s.healthcheck : {}, p('healthcheck'), drop, fail);
  if (s.depends_on !== undefined) {
    const deps: { target: string; condition: 'started' | 'healthy' }[] = [];
    const entries: [string, unknown, ComposePath][] = Array.isArray(s.depends_on)
      ? s.depends_on.map((d, i) => [String(d), {}, p('depends_on', i)])
      : Object.entries(s.depends_on as Obj).map(([d, v]) => [d, v, p('depends_on', d)]);
    for (const [target, cfg, dp] of entries) {
      if (!(target in all)) {
        fail(dp, M.unknownService(target, Object.keys(all)));
        continue;
      }
      const c = isObj(cfg) ? cfg : {};
      for (const k of Object.keys(c)) if (k !== 'condition' && !(k === 'required' && c.required === true)) drop([...dp, k], M.dependsOnField(k));
      const cond = c.condition ?? 'service_started';
      if (cond === 'service_started') deps.push({ target, condition: 'started' });
      else if (cond === 'service_healthy') deps.push({ target, condition: 'healthy' });
      else drop([...dp, 'condition'], M.dependsOnCondition(String(cond)));
    }
    if (options.swarm) drop(p('depends_on'), M.swarmDependsOn());
    else r.dependsOn = deps;
  }
  const mounts: PlannedMount[] = [];
  const volumes = Array.isArray(s.volumes) ? s.volumes : [];
  const key = String(path[path.length - 1]);
  volumes.forEach((v, i) => {
    const vp = p('volumes', i);
    const m = isObj(v) ? planLongMount(v, vp, options.directory, drop, fail) : planShortMount(String(v), vp, options.directory, drop, fail);
    if (!m) return;
    // A relative source that is a symlink: the Container sees the real path; say why here, in the file's terms.
    const raw = isObj(v) ? String(v.source ?? '') : String(v).split(':')[0];
    if (m.type === 'bind' && !raw.startsWith('/') && !raw.startsWith('~') && m.source !== nodePath.resolve(options.directory, raw)) {
      const readOnly = m.readOnly ?? options.mode !== 'compose-compatible';
      const why = sensitiveBindReason(m.source!, readOnly);
      if (why && !options.insecure[key]?.sensitiveMounts) fail(vp, (options.messages ?? DEFAULT_MESSAGES).bindThroughSymlink(raw, m.source!, why, key));
    }
    mounts.push(m);
  });
  (listOf(s.tmpfs) ?? []).forEach((t, i) => {
    const tp = Array.isArray(s.tmpfs) ? p('tmpfs', i) : p('tmpfs');
    const colon = t.indexOf(':');
    const target = colon < 0 ? t : t.slice(0, colon);
    let sizeBytes: number | undefined;
    let mode: number | undefined;
    for (const opt of colon < 0 ? [] : t.slice(colon + 1).split(',').filter(Boolean)) {
      const eq = opt.indexOf('=');
      const [k, v] = eq < 0 ? [opt, ''] : [opt.slice(0, eq), opt.slice(eq + 1)];
      if (k === 'size') {
        sizeBytes = parseSize(v);
        if (sizeBytes === undefined) fail(tp, M.badSize(v));
      } else if (k === 'mode') mode = tmpfsMode(v, tp, drop, fail, M);
      else drop(tp, M.tmpfsOption(opt));
    }
    mounts.push({ type: 'tmpfs', target, sizeBytes, mode });
  });
  if (mounts.length > 0) r.mounts = mounts;
  return r;
}

/** A tmpfs mode: octal text (`1770`, `0o755`) or a number; the permission bits, with the special bits dropped with a word. */
function tmpfsMode(v: number | string, path: ComposePath, drop: (p: ComposePath, m: string) => void, fail: (p: ComposePath, m: string) => void, M: ComposeMessageSet): number | undefined {
  let mode: number;
  if (typeof v === 'number') mode = v;
  else if (/^(0o)?[0-7]{1,4}$/.test(v)) mode = parseInt(v.replace(/^0o/, ''), 8);
  else {
    fail(path, M.notOneOf('tmpfs mode', v, ['octal permission bits such as 755 or 1770']));
    return undefined;
  }
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    fail(path, M.notOneOf('tmpfs mode', v, ['octal permission bits such as 755 or 1770']));
    return undefined;
  }
  if (mode > 0o777) drop(path, M.tmpfsSpecialBits(mode.toString(8)));
  return mode & 0o777;
}

function planHealthCheck(h: Obj, path: ComposePath, drop: (p: ComposePath, m: string) => void, fail: (p: ComposePath, m: string) => void): PlannedHealthCheck | undefined {
  for (const k of Object.keys(h)) if (!['test', 'interval', 'timeout', 'start_period', 'retries', 'disable'].includes(k)) drop([...path, k], M.healthField(k));
  if (h.disable === true) return { test: ['NONE'] };
  let test: string[];
  if (typeof h.test === 'string') test = ['CMD-SHELL', h.test];
  else if (Array.isArray(h.test) && ['CMD', 'CMD-SHELL', 'NONE'].includes(String(h.test[0]))) test = h.test.map(String);
  else if (h.test === undefined) {
    drop(path, M.healthWithoutTest());
    return undefined;
  } else {
    fail([...path, 'test'], M.badHealthTest());
    return undefined;
  }
  const dur = (k: string) => {
    if (h[k] === undefined) return undefined;
    const d = parseDuration(String(h[k]));
    if (!d) fail([...path, k], M.badDuration(String(h[k])));
    return d;
  };
  return { test, interval: dur('interval'), timeout: dur('timeout'), startPeriod: dur('start_period'), retries: composeNumber(h.retries, [...path, 'retries'], fail, M) };
}

const isPathLike = (src: string) => src.startsWith('/') || src.startsWith('.') || src.startsWith('~');

/**
 * The host path of a bind source. A relative source is beside the Compose file, on this machine: it is resolved
 * through symlinks (as Docker does when it mounts it), so that the sensitive-path checks see where it leads.
 */
function bindSource(src: string, directory: string): string {
  if (src.startsWith('~')) return src; // left for the Container to refuse: no home directory at synth
  if (src.startsWith('/')) return src;
  return realPath(nodePath.resolve(directory, src));
}

/**
 * The path `p` leads to through symlinks, also when its end does not exist (a dangling link to a socket of another
 * machine's layout, or a directory Docker would create): the existing part resolved, the rest appended.
 */
function realPath(p: string, depth = 0): string {
  try {
    return fs.realpathSync(p);
  } catch {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink() && depth < 40) return realPath(nodePath.resolve(nodePath.dirname(p), fs.readlinkSync(p)), depth + 1);
    const parent = nodePath.dirname(p);
    return parent === p ? p : nodePath.join(realPath(parent, depth + 1), nodePath.basename(p));
  }
}

function planShortMount(spec: string, path: ComposePath, directory: string, drop: (p: ComposePath, m: string) => void, fail: (p: ComposePath, m: string) => void): PlannedMount | undefined {
  const parts = spec.split(':');
  if (parts.length === 1) {
    drop(path, M.anonymousVolume(spec));
    return undefined;
  }
  if (parts.length > 3) {
    fail(path, M.badVolume(spec));
    return undefined;
  }
  const [src, target, mode] = parts;
  const flags = (mode ?? '').split(',').filter(Boolean);
  for (const f of flags) if (!['ro', 'rw'].includes(f)) drop(path, M.volumeFlag(f));
  const readOnly = flags.includes('ro') ? true : flags.includes('rw') ? false : undefined;
  return isPathLike(src) ? { type: 'bind', source: bindSource(src, directory), target, readOnly } : { type: 'volume', source: src, target, readOnly };
}

function planLongMount(v: Obj, path: ComposePath, directory: string, drop: (p: ComposePath, m: string) => void, fail: (p: ComposePath, m: string) => void): PlannedMount | undefined {
  for (const k of Object.keys(v)) if (!['type', 'source', 'target', 'read_only', 'tmpfs'].includes(k)) drop([...path, k], M.mountField(k));
  const target = String(v.target ?? '');
  if (!target) {
    fail(path, M.badVolume(JSON.stringify(v)));
    return undefined;
  }
  const readOnly = composeBool(v.read_only, [...path, 'read_only'], fail, M);
  switch (v.type) {
    case 'volume':
      if (v.source === undefined) {
        drop(path, M.anonymousVolume(target));
        return undefined;
      }
      return { type: 'volume', source: String(v.source), target, readOnly };
    case 'bind':
      return { type: 'bind', source: bindSource(String(v.source ?? ''), directory), target, readOnly };
    case 'tmpfs': {
      const t = isObj(v.tmpfs) ? v.tmpfs : {};
      for (const k of Object.keys(t)) if (k !== 'size' && k !== 'mode') drop([...path, 'tmpfs', k], M.mountField(`tmpfs.${k}`));
      const sizeBytes = t.size === undefined ? undefined : parseSize(t.size);
      if (t.size !== undefined && sizeBytes === undefined) fail([...path, 'tmpfs', 'size'], M.badSize(String(t.size)));
      // A YAML number is the mode itself (write 0o1770); text is octal digits, as in the short syntax.
      const mode = t.mode === undefined ? undefined : tmpfsMode(t.mode as number | string, [...path, 'tmpfs', 'mode'], drop, fail, M);
      return { type: 'tmpfs', target, sizeBytes, mode };
    }
    default:
      drop([...path, 'type'], M.mountType(String(v.type)));
      return undefined;
  }
}

function planVolumes(raw: unknown, project: string, services: { runtime: PlannedRuntime }[], drop: (p: ComposePath, m: string) => void, M: ComposeMessageSet): PlannedVolume[] {
  const declared = isObj(raw) ? raw : {};
  const out: PlannedVolume[] = [];
  for (const [key, v] of Object.entries(declared)) {
    const c = isObj(v) ? v : {};
    for (const k of Object.keys(c)) if (!['name', 'external', 'driver', 'driver_opts', 'labels'].includes(k) && !k.startsWith('x-')) drop(['volumes', key, k], M.notSupported(k));
    const external = externalVolume(key, c);
    out.push({
      key,
      name: external?.name ?? (typeof c.name === 'string' ? c.name : `${project}_${key}`),
      external: external !== undefined,
      driver: typeof c.driver === 'string' && c.driver !== 'local' ? c.driver : undefined,
      driverOptions: isObj(c.driver_opts) ? Object.fromEntries(Object.entries(c.driver_opts).map(([k, x]) => [k, String(x)])) : undefined,
      labels: c.labels === undefined ? undefined : keyValues(c.labels, () => ''),
    });
  }
  void services;
  return out;
}

/**
 * The volume an `external` declaration names: `name:`, else the old `external: { name: x }`, else the key (as
 * Compose, without the project prefix). Undefined when the volume is not external.
 */
function externalVolume(key: string, c: Obj): { name: string } | undefined {
  if (c.external !== true && !isObj(c.external)) return undefined;
  if (typeof c.name === 'string') return { name: c.name };
  if (isObj(c.external) && typeof c.external.name === 'string') return { name: c.external.name };
  return { name: key };
}

function planDeployRuntime(
  d: Obj,
  path: ComposePath,
  out: Mutable<PlannedRuntime>,
  drop: (p: ComposePath, m: string) => void,
  fail: (p: ComposePath, m: string) => void,
  M: ComposeMessageSet,
): void {
  if (isObj(d.placement)) {
    for (const k of Object.keys(d.placement)) if (k !== 'constraints') drop([...path, 'placement', k], M.deployField(`placement.${k}`));
    out.placementConstraints = listOf(d.placement.constraints);
  }
  if (isObj(d.resources)) {
    const res = (r: unknown, k: string) => {
      if (!isObj(r)) return undefined;
      for (const f of Object.keys(r)) if (!['cpus', 'memory'].includes(f)) drop([...path, 'resources', k, f], M.deployField(`resources.${k}.${f}`));
      const memoryBytes = r.memory === undefined ? undefined : parseSize(r.memory);
      if (r.memory !== undefined && memoryBytes === undefined) fail([...path, 'resources', k, 'memory'], M.badSize(String(r.memory)));
      return { cpus: composeNumber(r.cpus, [...path, 'resources', k, 'cpus'], fail, M, false), memoryBytes };
    };
    out.limits = res(d.resources.limits, 'limits');
    out.reservations = res(d.resources.reservations, 'reservations');
    for (const k of Object.keys(d.resources)) if (!['limits', 'reservations'].includes(k)) drop([...path, 'resources', k], M.deployField(`resources.${k}`));
  }
  if (d.labels !== undefined) out.serviceLabels = keyValues(d.labels, () => '');
  if (isObj(d.restart_policy)) {
    const rp = d.restart_policy;
    for (const k of Object.keys(rp)) if (!['condition', 'delay', 'max_attempts', 'window'].includes(k)) drop([...path, 'restart_policy', k], M.deployField(`restart_policy.${k}`));
    out.restartPolicy = {
      condition: oneOf(rp.condition, ['none', 'on-failure', 'any'] as const, [...path, 'restart_policy', 'condition'], fail, M),
      maxAttempts: composeNumber(rp.max_attempts, [...path, 'restart_policy', 'max_attempts'], fail, M),
      delay: rp.delay === undefined ? undefined : String(rp.delay),
      window: rp.window === undefined ? undefined : String(rp.window),
    };
  }
}
