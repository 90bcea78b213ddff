import type { InsecureOptions } from '../security';
import { StageContext } from './context';
import { mapBuild } from './map-build';
import { mapContainerDeploy } from './map-deploy';
import { mapPorts } from './map-ports';
import { CLIENT_ONLY, mapProcessSettings, mapScale, mergeLimits, PROCESS_FIELDS } from './map-process';
import { mapSecretMounts, SecretFiles } from './map-secrets';
import { mapDeployRuntime, mapRuntime, mapWords, SWARM_UNSUPPORTED } from './map-runtime';
import { NormalizedService } from './normalize';
import { PlannedAttachment, PlannedLink, PlannedRuntime, PlannedService } from './plan';
import { composeBool, isObj, oneOf, composeNumber } from './values';
import { privilegedCapabilityReason } from '../private/capabilities';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Service fields the mapping reads (the runtime ones are in {@link SWARM_UNSUPPORTED} for swarm services). */
const SERVICE_FIELDS = [
  ...['image', 'build', 'command', 'environment', 'networks', 'network_mode', 'links', 'ports', 'expose', 'cap_add', 'cap_drop', 'labels', 'restart'],
  ...['privileged', 'container_name', 'hostname', 'deploy', 'security_opt', 'pid', 'ipc', 'userns_mode', 'x-exposure'],
  ...['entrypoint', 'user', 'working_dir', 'dns', 'dns_search', 'dns_opt', 'extra_hosts', 'healthcheck', 'volumes', 'depends_on', 'tmpfs'],
  ...['init', 'sysctls', 'stop_signal', 'stop_grace_period', 'secrets', 'configs', ...PROCESS_FIELDS],
];

/** The opt-outs of the secure defaults, and where the file asks for one without the caller granting it. */
interface Security {
  readonly insecure: Mutable<InsecureOptions>;
  readonly capabilities?: string[];
  readonly dropsAll: boolean;
  readonly capAdd: string[];
  readonly noNewPrivilegesAsked: boolean;
}

/** Stage 7 for one service: what `Container` (or `SwarmService`) is given. */
export function mapService(ctx: StageContext, s: NormalizedService, files: SecretFiles = { secrets: new Map(), configs: new Map() }): PlannedService {
  const { M, swarm } = ctx;
  for (const k of Object.keys(s.raw)) {
    if (k.startsWith('x-') && k !== 'x-exposure') continue;
    if (CLIENT_ONLY[k] !== undefined) ctx.warn([...s.path, k], M.clientOnly(k, CLIENT_ONLY[k]));
    else if (swarm && (SWARM_UNSUPPORTED.includes(k) || PROCESS_FIELDS.includes(k))) ctx.drop([...s.path, k], M.swarmField(k));
    else if (!SERVICE_FIELDS.includes(k)) ctx.drop([...s.path, k], M.serviceFieldNotSupported(k, swarm));
  }
  const build = mapBuild(ctx, s);
  const image = build?.image ?? (typeof s.raw.image === 'string' ? s.raw.image : '');
  if (build === undefined && typeof s.raw.image !== 'string' && (swarm || s.raw.build === undefined)) ctx.fail(s.path, M.noImage(s.key));
  else if (build === undefined && typeof s.raw.image === 'string' && image.trim() === '') ctx.fail([...s.path, 'image'], M.emptyImage(s.key));
  const security = mapSecurity(ctx, s);
  const attachments = mapAttachments(ctx, s);
  const ports = mapPorts(ctx, s);
  const links: PlannedLink[] = [];
  for (const l of s.links) {
    if (swarm) ctx.drop(l.path, M.swarmLinks());
    else links.push({ target: l.service, alias: l.alias, environment: s.networkMode === 'bridge' });
  }
  const process = mapProcess(ctx, s);
  const secrets = mapSecretMounts(ctx, s, files);
  if (secrets.mounts.length > 0) process.runtime = { ...process.runtime, mounts: [...(process.runtime.mounts ?? []), ...secrets.mounts] };
  if (secrets.uploads.length > 0 && process.runtime.readOnly) ctx.fail([...s.path, 'read_only'], M.readOnlyUploads(s.key, secrets.uploads[0].target));
  else if (secrets.uploads.length > 0) process.runtime = { ...process.runtime, files: secrets.uploads };
  const notes = secureDefaultNotes(ctx, security, ports.loopbackPorts, process.runtime);
  if (notes.length > 0) ctx.warn(s.path, M.secureDefaults(s.key, notes), true);
  return {
    key: s.key,
    path: s.path,
    name: s.name,
    image,
    ...(build ? { build } : {}),
    ...process.fields,
    capabilities: security.capabilities,
    insecure: security.insecure,
    attachments,
    exposures: ports.exposures,
    linkPorts: [...ports.linkPorts, ...ports.exposures.map((e) => ({ port: e.port, protocol: e.protocol }))],
    links,
    runtime: process.runtime,
    replicas: process.replicas,
    endpointMode: process.endpointMode,
    secureDefaultNotes: notes,
  };
}

/** Opt-outs the file asks for (the per-service `insecure` must grant them in either mode), capabilities, no-new-privileges. */
function mapSecurity(ctx: StageContext, s: NormalizedService): Security {
  const { M, swarm, compatible } = ctx;
  const raw = s.raw;
  const granted = ctx.granted(s.key);
  const insecure: Mutable<InsecureOptions> = {};
  const ask = (field: string, flag: keyof InsecureOptions, what: string, cis: string) => {
    if (!granted[flag]) ctx.fail([...s.path, field], M.needsOptOut(s.key, what, flag, cis));
    insecure[flag] = true;
  };
  if (composeBool(ctx, raw.privileged, [...s.path, 'privileged'])) ask('privileged', 'privileged', 'privileged: true', 'CIS 5.5');
  const hostOnly: [string, keyof InsecureOptions, string][] = [['pid', 'hostPid', 'CIS 5.16'], ['ipc', 'hostIpc', 'CIS 5.17'], ['userns_mode', 'hostUserns', 'CIS 5.31']];
  for (const [field, flag, cis] of hostOnly) {
    if (raw[field] === 'host') ask(field, flag, `${field}: host`, cis);
    else if (raw[field] !== undefined) ctx.drop([...s.path, field], M.valueNotSupported(field, raw[field], ['host']));
  }
  if (s.networkMode === 'host') ask('network_mode', 'hostNetwork', 'network_mode: host', 'CIS 5.10');
  if (s.networkMode === 'bridge') ask('network_mode', 'defaultBridge', 'network_mode: bridge (docker0)', 'CIS 5.30');
  const capAdd = Array.isArray(raw.cap_add) ? raw.cap_add.map(String) : [];
  const capDrop = Array.isArray(raw.cap_drop) ? raw.cap_drop.map(String) : [];
  const dropsAll = capDrop.some((c) => c.toUpperCase() === 'ALL');
  if (capAdd.includes('ALL') || capAdd.includes('all')) ctx.fail([...s.path, 'cap_add'], M.capAddAll(s.key));
  // A capability as strong as privileged (NET_ADMIN, SYS_ADMIN...) is refused at its entry with the file's opt-out,
  // before the Container would refuse it with the shape of its own props.
  for (const [i, cap] of capAdd.entries()) {
    const why = privilegedCapabilityReason(cap);
    if (why === undefined) continue;
    if (!granted.privilegedCapabilities) ctx.fail([...s.path, 'cap_add', i], M.needsOptOut(s.key, `cap_add ${cap} (as strong as privileged: ${why})`, 'privilegedCapabilities', 'CIS 5.4/5.5'));
    insecure.privilegedCapabilities = true;
  }
  if (compatible && !dropsAll) {
    insecure.defaultCapabilities = true;
    if (capDrop.length > 0) ctx.drop([...s.path, 'cap_drop'], M.capDropPartial(capDrop));
    if (swarm) ctx.drop(s.path, M.swarmDefaultCaps());
  }
  const secOpts = Array.isArray(raw.security_opt) ? raw.security_opt.map(String) : [];
  const isNnp = (o: string) => /^no-new-privileges(:true)?$/.test(o);
  secOpts.forEach((o, i) => !isNnp(o) && ctx.drop([...s.path, 'security_opt', i], M.securityOpt(o)));
  const noNewPrivilegesAsked = secOpts.some(isNnp);
  if (compatible && !noNewPrivilegesAsked) insecure.allowNewPrivileges = true;
  for (const [flag, v] of Object.entries(granted)) if (v) (insecure as Record<string, boolean>)[flag] = true;
  return { insecure, capabilities: capAdd.length > 0 ? capAdd : undefined, dropsAll, capAdd, noNewPrivilegesAsked };
}

/** The networks a service joins: the built-in one of `network_mode`, or its (normalised) attachments. */
function mapAttachments(ctx: StageContext, s: NormalizedService): PlannedAttachment[] {
  const { M, swarm } = ctx;
  const mode = s.networkMode;
  if (mode !== undefined) {
    if (swarm) ctx.fail([...s.path, 'network_mode'], M.swarmNetworkMode());
    if (mode === 'host' || mode === 'none' || mode === 'bridge') return [{ network: mode, builtin: mode, aliases: [] }];
    ctx.drop([...s.path, 'network_mode'], /^(service|container):/.test(mode) ? M.networkModeShared(mode) : M.valueNotSupported('network_mode', mode, ['host', 'none', 'bridge']));
    return [];
  }
  return s.attachments.map((a) => {
    for (const k of a.fields) ctx.drop([...a.path, k], M.attachmentField(k));
    if (swarm && (a.ipv4Address !== undefined || a.ipv6Address !== undefined)) ctx.fail(a.path, M.swarmStaticIp());
    return { network: a.network, ipv4Address: a.ipv4Address, ipv6Address: a.ipv6Address, aliases: a.aliases };
  });
}

/** Command, environment, restart, hostname, labels, the runtime settings and a swarm service's deploy. */
function mapProcess(ctx: StageContext, s: NormalizedService) {
  const { M, swarm } = ctx;
  const raw = s.raw;
  const p = (...rest: (string | number)[]) => [...s.path, ...rest];
  const env = s.environment && Object.fromEntries(Object.entries(s.environment).flatMap(([k, v]) => [[k, v ?? ctx.lookup(k)]]).filter(([, v]) => v !== undefined));
  let restart: PlannedService['restart'];
  let restartMaxRetries: number | undefined;
  if (typeof raw.restart === 'string') {
    const m = /^(no|always|on-failure|unless-stopped)(?::(\d+))?$/.exec(raw.restart);
    if (!m) ctx.fail(p('restart'), M.badRestart(raw.restart));
    else [restart, restartMaxRetries] = [m[1] as PlannedService['restart'], m[2] === undefined ? undefined : Number(m[2])];
    if (swarm) ctx.drop(p('restart'), M.swarmRestart());
  }
  if (swarm) for (const f of ['container_name', 'hostname', 'labels', 'security_opt']) if (raw[f] !== undefined) ctx.drop(p(f), M.swarmField(f));
  const deploy: Mutable<PlannedRuntime> = {};
  let replicas: number | undefined;
  let endpointMode: 'vip' | 'dnsrr' | undefined;
  if (raw.deploy !== undefined && !swarm) {
    const c = mapContainerDeploy(ctx, isObj(raw.deploy) ? raw.deploy : {}, p('deploy'), raw.container_name !== undefined);
    replicas = c.replicas;
    if (c.limits) deploy.limits = c.limits;
    if (c.restart !== undefined) [restart, restartMaxRetries] = [c.restart, c.restartMaxRetries];
  }
  if (!swarm) {
    const limits = mergeLimits(ctx, s, deploy.limits);
    if (limits) deploy.limits = limits;
    replicas = mapScale(ctx, s, replicas);
    Object.assign(deploy, mapProcessSettings(ctx, s));
  } else if (raw.deploy !== undefined) {
    const d = isObj(raw.deploy) ? raw.deploy : {};
    const known = ['replicas', 'endpoint_mode', 'mode', 'placement', 'resources', 'labels', 'restart_policy'];
    for (const k of Object.keys(d)) if (!known.includes(k)) ctx.drop(p('deploy', k), M.deployField(k));
    if (d.mode === 'global') deploy.globalMode = true;
    else if (d.mode !== undefined && d.mode !== 'replicated') ctx.drop(p('deploy', 'mode'), M.valueNotSupported('deploy.mode', d.mode, ['replicated', 'global']));
    mapDeployRuntime(ctx, d, p('deploy'), deploy);
    replicas = composeNumber(ctx, d.replicas, p('deploy', 'replicas'));
    endpointMode = oneOf(ctx, d.endpoint_mode, ['vip', 'dnsrr'] as const, p('deploy', 'endpoint_mode'));
  }
  const fields = {
    command: mapWords(ctx, s.command),
    env: env && Object.keys(env).length > 0 ? env : undefined,
    restart,
    hostname: swarm ? undefined : (raw.hostname as string | undefined),
    labels: swarm ? undefined : s.labels,
  };
  return { fields, runtime: { ...mapRuntime(ctx, s), ...deploy, restartMaxRetries } as PlannedRuntime, replicas, endpointMode };
}

/** What the secure defaults change against Compose for this service, said once (none in compose-compatible mode). */
function secureDefaultNotes(ctx: StageContext, security: Security, loopbackPorts: number, runtime: PlannedRuntime): string[] {
  const { M } = ctx;
  if (ctx.compatible) return [];
  const notes: string[] = [];
  const readOnlyBinds = (runtime.mounts ?? []).filter((m) => m.type === 'bind' && m.readOnly === undefined).length;
  if (loopbackPorts > 0) notes.push(M.noteLoopback(loopbackPorts));
  if (readOnlyBinds > 0) notes.push(M.noteReadOnlyBinds(readOnlyBinds));
  if (!security.dropsAll) notes.push(M.noteCapabilities(security.capAdd));
  if (!security.noNewPrivilegesAsked && !ctx.swarm) notes.push(M.noteNoNewPrivileges());
  return notes;
}
