import { bool, camel, CodegenMessages, isReserved, member, num, pascal, props, quote, StackText, withoutUnusedConstants } from './codegen-text';
import { buildCode, durationTextCode, exposureCode, fileCode, healthCheckCode, mountCode, portCode, sizeCode } from './codegen-values';
import { INSECURE_FLAGS } from './errors';
import { ComposePlan, PlannedNetwork, PlannedService } from './plan';
import { BUILTIN_NETWORKS, DEPENDS_CONDITIONS, ENDPOINT_MODES, replicaForms, RESTART_CONDITIONS, RESTART_POLICIES, servicePortMode, sizeForm, SWARM_PORT_MODES } from './rules';

export { comment, quote } from './codegen-text';
export { goDurationMillis } from './rules';

/** Options of {@link generateStack}. */
export interface GenerateOptions {
  /** The class name. @default - `<Project>Stack` */
  readonly className?: string;
  /** Where the constructs are imported from. @default 'docker-network-cdktf' */
  readonly importFrom?: string;
  /** The file the plan came from, named in the header. @default - none */
  readonly sourceFile?: string;
  /** Lines to list as comments at the top (fields not carried over, warnings). @default - none */
  readonly notes?: readonly string[];
}

const I = '    ';

type VarKind = 'net' | 'svc' | 'vol' | 'var' | 'tier';

/**
 * One generated stack: its text helpers and the variable name of every network, volume, service, tier and
 * variable. Every reference the code makes to a declared constant goes through {@link ref} (or {@link use}), so
 * the constants nobody refers to are known from the generator's own identifiers, never from searching the text
 * (a service named `env` is not used by an `env:` property, nor `web` by a string holding "web").
 */
class Stack {
  public readonly names = new Map<string, string>();
  public readonly T: StackText;
  /** Constants the code refers to. */
  public readonly used = new Set<string>();
  private readonly taken = new Set<string>(['host', 'plan', 'swarm', 'tiers']);
  /** Construct ids of the stack's children: the fixed ones (`backend` is cdktf's LocalBackend, added at synth), then
   *  each key as written unless taken. A service called `backend` would fail `cdktf synth`, not `Testing.synth`. */
  private readonly ids = new Set<string>(['host', 'swarm', 'address-plan', 'tiers', 'backend']);

  constructor(public readonly plan: ComposePlan) {
    this.T = new StackText(plan, (name) => this.varName('var', name));
  }

  public varName(kind: VarKind, key: string): string {
    const base = { net: () => camel(key).replace(/Net$/, '') + 'Net', vol: () => camel(key).replace(/Volume$/, '') + 'Volume', var: () => camel(key.toLowerCase()) + 'Variable', svc: () => camel(key), tier: () => camel(key).replace(/Tier$/, '') + 'Tier' }[kind]();
    let v = isReserved(base) || this.taken.has(base) ? `${base}${kind === 'net' || kind === 'tier' ? '' : 'Service'}` : base;
    while (this.taken.has(v)) v = `${v}_`;
    this.taken.add(v);
    this.names.set(`${kind}:${key}`, v);
    return v;
  }

  public name(kind: VarKind, key: string): string {
    return this.names.get(`${kind}:${key}`)!;
  }

  /** The construct id of a network, volume, service or variable: its key, or `<kind>-<key>` when another child has
   *  that id (a volume named `host`, a network and a service both named `web`), which would fail synth. */
  public constructId(kind: 'network' | 'volume' | 'service' | 'variable', key: string): string {
    let id = this.ids.has(key) || key in Object.prototype ? `${kind}-${key}` : key;
    for (let n = 2; this.ids.has(id); n++) id = `${kind}-${key}-${n}`;
    this.ids.add(id);
    return id;
  }

  /** The constant of `key`, as a reference: it stays declared. */
  public ref(kind: VarKind, key: string): string {
    return this.use(this.name(kind, key));
  }

  /** The Terraform variable `name` a file of a container reads: declared even when the file used no value of it. */
  public fileVariable(name: string): string {
    if (!this.names.has(`var:${name}`)) {
      this.varName('var', name);
      this.T.variables.push([name, '']); // no value: the environment gives it at deploy
    }
    this.T.referenced.add(name);
    return this.ref('var', name);
  }

  /** A reference to the constant `name` (host, swarm, plan, tiers, or one from {@link name}). */
  public use(name: string): string {
    this.used.add(name);
    return name;
  }
}

/**
 * Prints a plan as a TypeScript cdktf stack built from this library's constructs: the code a team then owns,
 * instead of loading the file at synth. Secure-default differences and fields not carried over become comments.
 */
export function generateStack(plan: ComposePlan, options: GenerateOptions = {}): string {
  const cls = options.className ?? `${pascal(plan.projectName)}Stack`;
  if (!/^[A-Za-z_$][\w$]*$/.test(cls) || isReserved(cls)) throw new Error(CodegenMessages.badClassName(cls));
  const stack = new Stack(plan);
  const { T } = stack;
  const body = [...prelude(stack), '', ...resources(stack), '', ...plan.services.map((s) => serviceCode(stack, s)), ...wiring(stack)];
  // Declared where a value refers to them (one in a port number only is written as the number).
  const declared = T.variables.filter(([name]) => T.referenced.has(name));
  // Ids claimed after the other children's: a variable `web` beside a service `web` is `variable-web`, still TF_VAR_web.
  const variables = declared.map(([name]) => ({ name, v: stack.ref('var', name), id: stack.constructId('variable', name) }));
  body.unshift(
    ...variables.map(
      ({ name, v, id }) =>
        `${I}const ${v} = new TerraformVariable(this, ${quote(id)}, { type: 'string', sensitive: true, description: ${quote(`Compose variable ${name}: give it as TF_VAR_${name}`)} });${id === name ? '' : `\n${I}${v}.overrideLogicalId(${quote(name)});`}`,
    ),
  );
  const header = [
    T.comment(`Generated from ${options.sourceFile ?? 'a Compose file'} by \`docker-network-cdktf compose import\`. This file is yours now: edit it freely;`),
    T.comment(`it is not regenerated. Project ${quote(plan.projectName)}: networks <project>_<network>, ${plan.swarm ? 'services <project>_<service>' : 'containers <project>-<service>-1'}.`),
    ...(declared.length > 0 ? [T.comment(`Values of variables are not written here: give each at plan and apply as TF_VAR_<name> (${declared.map(([n]) => `TF_VAR_${n}`).join(', ')}).`)] : []),
    ...(options.notes ?? []).map((n) => T.comment(n)),
  ];
  return `${header.join('\n')}
import { ${['App', 'TerraformStack', ...(declared.length > 0 ? ['TerraformVariable'] : [])].join(', ')} } from 'cdktf';
import { Construct } from 'constructs';
import { ${[...T.used].sort().concat('synthOrExplain').join(', ')} } from ${quote(options.importFrom ?? 'docker-network-cdktf')};

export class ${cls} extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${withoutUnusedConstants(body.join('\n'), stack.used, I).replace(/\n{3,}/g, '\n\n')}
  }
}

// Run directly as CommonJS (npx ts-node <file>): this stack alone. In an ES module, import the class into your app.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const app = new App();
  new ${cls}(app, ${quote(plan.projectName)});
  synthOrExplain(app);
}
`;
}

/** The host (and swarm) and the address plan. */
function prelude(stack: Stack): string[] {
  const { plan, T } = stack;
  const out: string[] = [];
  if (plan.swarm) {
    T.used.add('Swarm');
    out.push(`${I}const host = new DockerHost(this, 'host');`, `${I}const swarm = new Swarm(this, 'swarm', { manager: ${stack.use('host')} }); ${T.comment('needs `docker swarm init` on the engine')}`);
  } else {
    out.push(`${I}const host = new DockerHost(this, 'host'); ${T.comment('DOCKER_HOST or the local socket')}`);
  }
  const ap = plan.addressPlan;
  if (ap) {
    T.used.add('AddressPlan');
    const entries: [string, string | undefined][] = [['pool', T.value(ap.pool)], ['prefixLength', ap.prefixLength === undefined ? undefined : num(ap.prefixLength)], ['lockFile', ap.lockFile ? T.value(ap.lockFile) : undefined]];
    out.push(`${I}const plan = new AddressPlan(this, 'address-plan', ${props(entries, I)});`);
  }
  return out;
}

/** Networks, volumes and tiers. */
function resources(stack: Stack): string[] {
  const { plan, T } = stack;
  const out = plan.networks.map((n) => networkCode(stack, n, stack.varName('net', n.key)));
  for (const v of plan.volumes ?? []) {
    const name = stack.varName('vol', v.key);
    T.used.add('Volume');
    if (v.external) out.push(`${I}const ${name} = Volume.fromName(${T.value(v.name)}); ${T.comment('external: created outside this stack')}`);
    else {
      const entries: [string, string | undefined][] = [['name', T.value(v.name)], ['driver', v.driver && T.value(v.driver)], ['driverOptions', v.driverOptions && T.record(v.driverOptions)], ['labels', v.labels && T.record(v.labels)]];
      if (v.destroyWithStack) {
        T.used.add('RemovalPolicy');
        entries.push(['removalPolicy', 'RemovalPolicy.DESTROY']);
      }
      out.push(`${I}const ${name} = new Volume(this, ${quote(stack.constructId('volume', v.key))}, ${props(entries, I)});`);
    }
  }
  if (plan.tiers.length > 0) {
    T.used.add('TieredNetwork');
    out.push(`${I}const tiers = new TieredNetwork(this, 'tiers', { namePrefix: ${T.value(plan.projectName)}${plan.addressPlan ? `, addressPlan: ${stack.use('plan')}` : ''} });`);
    for (const t of plan.tiers) out.push(`${I}const ${stack.varName('tier', t.name)} = ${stack.use('tiers')}.addTier(${quote(t.name)}${t.internal ? ', { internal: true }' : ''});`);
    for (const t of plan.tiers) for (const a of t.allowFrom) out.push(`${I}${stack.ref('tier', t.name)}.allowFrom(${stack.ref('tier', a)});`);
  }
  return out;
}

/** Links, dependencies and tier membership, after every service exists. */
function wiring(stack: Stack): string[] {
  const { plan, T } = stack;
  const out: string[] = [];
  // Every container of a service (its replicas), by service key.
  const all = (key: string) => (plan.swarm ? [stack.name('svc', key)] : replicaForms(plan.services.find((x) => x.key === key)!).map((r) => stack.name('svc', r.id)));
  for (const s of plan.services) {
    for (const c of all(s.key)) {
      for (const l of s.links) {
        const ports = plan.services.find((x) => x.key === l.target)!.linkPorts.map(portCode);
        if (ports.length > 0) T.used.add('Port');
        const opts = [`alias: ${T.value(l.alias)}`, l.environment ? 'environment: true' : undefined, ports.length > 0 ? `ports: [${ports.join(', ')}]` : undefined].filter(Boolean);
        out.push(`${I}${stack.use(c)}.linkTo(${stack.ref('svc', l.target)}, { ${opts.join(', ')} });`);
      }
    }
  }
  for (const s of plan.services) {
    for (const c of all(s.key)) {
      for (const d of s.runtime?.dependsOn ?? []) for (const t of all(d.target)) out.push(`${I}${stack.use(c)}.dependsOn(${stack.use(t)}${d.condition === 'started' ? '' : `, { condition: '${member(DEPENDS_CONDITIONS, d.condition, 'depends_on condition')}' }`});`);
    }
  }
  for (const t of plan.tiers) for (const svc of t.services) for (const c of all(svc)) out.push(`${I}${stack.ref('tier', t.name)}.add(${stack.use(c)}, [${quote(svc)}]);`);
  return out;
}

function networkCode(stack: Stack, n: PlannedNetwork, v: string): string {
  const { plan, T } = stack;
  const subnet = n.subnet ? T.value(n.subnet) : plan.addressPlan && (n.kind === 'bridge' || n.kind === 'overlay') ? `${stack.use('plan')}.allocate(${T.value(n.name)})` : undefined;
  if (n.kind === 'external-bridge' || n.kind === 'external-overlay') {
    T.used.add('BridgeNetwork');
    const kind = n.kind === 'external-overlay' ? ", { kind: 'overlay' }" : '';
    return `${I}const ${v} = BridgeNetwork.fromName(this, ${quote(stack.constructId('network', n.key))}, ${T.value(n.name)}${kind}); ${T.comment('external: created outside this stack')}`;
  }
  const common: [string, string | undefined][] = [['name', T.value(n.name)], ['subnet', subnet], ['gateway', n.gateway && T.value(n.gateway)], ['ipRange', n.ipRange && T.value(n.ipRange)]];
  const labels: [string, string | undefined] = ['labels', n.labels && T.record(n.labels)];
  if (n.kind === 'overlay') {
    T.used.add('OverlayNetwork');
    const entries: [string, string | undefined][] = [['swarm', stack.use('swarm')], ...common, ['attachable', bool(n.attachable)], ['encrypted', bool(n.encrypted)], ['internal', bool(n.internal)], labels];
    return `${I}const ${v} = new OverlayNetwork(this, ${quote(stack.constructId('network', n.key))}, ${props(entries, I)});`;
  }
  T.used.add('BridgeNetwork');
  const entries: [string, string | undefined][] = [
    ...common,
    ['auxAddresses', n.auxAddresses && T.record(n.auxAddresses)],
    ['ipv6Subnet', n.ipv6Subnet && T.value(n.ipv6Subnet)],
    ['ipv6Gateway', n.ipv6Gateway && T.value(n.ipv6Gateway)],
    ['bridgeName', n.bridgeName && T.value(n.bridgeName)],
    ['interContainerCommunication', bool(n.interContainerCommunication)],
    ['ipMasquerade', bool(n.ipMasquerade)],
    ['mtu', n.mtu === undefined ? undefined : num(n.mtu)],
    ['internal', bool(n.internal)],
    labels,
    ['driverOptions', n.driverOptions && T.record(n.driverOptions)],
  ];
  return `${I}const ${v} = new BridgeNetwork(this, ${quote(stack.constructId('network', n.key))}, ${props(entries, I)});`;
}

function serviceCode(stack: Stack, s: PlannedService): string {
  const { plan, T } = stack;
  const v = stack.varName('svc', s.key);
  const lines = s.secureDefaultNotes.map((note) => `${I}${T.comment(`secure default: ${note}`)}`);
  if (plan.swarm) return [...lines, swarmServiceCode(stack, s, v)].join('\n');
  T.used.add('Container');
  if (s.restart) T.used.add('RestartPolicy');
  const nets = s.attachments.map((a) => {
    if (a.builtin) return T.used.add('BuiltinNetwork'), `{ network: BuiltinNetwork.${member(BUILTIN_NETWORKS, a.builtin, 'network_mode')}(${stack.use('host')}) }`;
    const parts = [`network: ${stack.ref('net', a.network)}`];
    if (a.ipv4Address) parts.push(`ipv4Address: ${T.value(a.ipv4Address)}`);
    if (a.ipv6Address) parts.push(`ipv6Address: ${T.value(a.ipv6Address)}`);
    if (a.aliases.length) parts.push(`aliases: ${T.list(a.aliases)}`);
    return `{ ${parts.join(', ')} }`;
  });
  const insecure = Object.entries(s.insecure).filter(([k, on]) => on && (INSECURE_FLAGS as readonly string[]).includes(k));
  const entries: [string, string | undefined][] = [
    ['image', s.build ? buildCode(T, s.build, stack.use('host')) : `${stack.use('host')}.image(${T.value(s.image)})`],
    ['command', s.command && T.list(s.command)],
    ['env', s.env && T.record(s.env)],
    ['restart', s.restart && `RestartPolicy.${member(RESTART_POLICIES, s.restart, 'restart')}`],
    ['hostname', s.hostname && T.value(s.hostname)],
    ['labels', s.labels && T.record(s.labels)],
    ['capabilities', s.capabilities && T.list(s.capabilities)],
    ['insecure', insecure.length > 0 ? `{ ${insecure.map(([k]) => `${k}: true`).join(', ')} }` : undefined],
    ['networks', nets.length ? `[${nets.join(', ')}]` : undefined],
    ['runToCompletion', s.runToCompletion ? 'true' : undefined],
  ];
  for (const [i, r] of replicaForms(s).entries()) {
    const rv = i === 0 ? v : stack.varName('svc', r.id);
    const all: [string, string | undefined][] = [['name', T.value(r.name)], ...entries, ...runtimeEntries(stack, s, false, r.name)];
    lines.push(`${I}const ${rv} = new Container(this, ${quote(stack.constructId('service', r.id))}, ${props(all, I)});`);
    for (const e of s.exposures) {
      T.used.add('Port');
      lines.push(`${I}${stack.use(rv)}.expose(${portCode(e)}, ${exposureCode(T, e)});`);
    }
  }
  return lines.join('\n');
}

function swarmServiceCode(stack: Stack, s: PlannedService, v: string): string {
  const { T } = stack;
  T.used.add('SwarmService');
  const nets = s.attachments.map((a) => `{ network: ${stack.ref('net', a.network)}${a.aliases.length ? `, aliases: ${T.list(a.aliases)}` : ''} }`);
  const ports = s.exposures.filter((e) => e.kind === 'published');
  if (ports.length > 0) T.used.add('ServicePort').add('Port');
  if (s.endpointMode) T.used.add('EndpointMode');
  const portCodes = ports.map((e) => `ServicePort.${member(SWARM_PORT_MODES, servicePortMode(e), 'port mode')}(${portCode(e)}, ${num(e.hostPort!)})`);
  const entries: [string, string | undefined][] = [
    ['swarm', stack.use('swarm')],
    ['name', T.value(s.name)],
    ['image', T.value(s.image)],
    ['replicas', s.runtime?.globalMode || s.replicas === undefined ? undefined : num(s.replicas)],
    ['command', s.command && T.list(s.command)],
    ['env', s.env && T.record(s.env)],
    ['networks', `[${nets.join(', ')}]`],
    ['endpointMode', s.endpointMode && `EndpointMode.${member(ENDPOINT_MODES, s.endpointMode, 'deploy.endpoint_mode')}`],
    ['ports', ports.length ? `[${portCodes.join(', ')}]` : undefined],
    ['capabilities', s.capabilities && T.list(s.capabilities)],
    ['insecurePrivilegedCapabilities', s.insecure.privilegedCapabilities ? 'true' : undefined],
    ...runtimeEntries(stack, s, true),
  ];
  return `${I}const ${v} = new SwarmService(this, ${quote(stack.constructId('service', s.key))}, ${props(entries, I)});`;
}

/** The runtime props (mounts, health, DNS, process; swarm deploy settings) of one service, as code. */
function runtimeEntries(stack: Stack, s: PlannedService, swarm: boolean, container?: string): [string, string | undefined][] {
  const { plan, T } = stack;
  const r = s.runtime ?? {};
  const out: [string, string | undefined][] = [];
  if (r.mounts && r.mounts.length > 0) {
    T.used.add('Mount');
    out.push(['mounts', `[${r.mounts.map((m) => mountCode(T, m, plan.compatible, (key) => stack.ref('vol', key), container)).join(', ')}]`]);
  }
  if (!swarm && r.files?.length) out.push(['files', `[${r.files.map((f) => fileCode(T, f, (name) => stack.fileVariable(name))).join(', ')}]`]);
  if (r.healthCheck) out.push(['healthCheck', healthCheckCode(T, r.healthCheck)]);
  if (!swarm) {
    out.push(['dns', r.dns && T.list(r.dns)], ['dnsSearch', r.dnsSearch && T.list(r.dnsSearch)], ['dnsOptions', r.dnsOptions && T.list(r.dnsOptions)]);
    out.push(['extraHosts', r.extraHosts && T.record(r.extraHosts)], ['entrypoint', r.entrypoint && T.list(r.entrypoint)]);
    out.push(['restartMaxRetries', r.restartMaxRetries === undefined ? undefined : num(r.restartMaxRetries)]);
    const mem = r.limits?.memoryBytes;
    out.push(['cpus', r.limits?.cpus === undefined ? undefined : num(r.limits.cpus)], ['memory', mem === undefined ? undefined : sizeCode(T, sizeForm(mem))]);
    out.push(['init', bool(r.init)], ['sysctls', r.sysctls && T.record(r.sysctls)], ['stopSignal', r.stopSignal && T.value(r.stopSignal)]);
    const ulimits = r.ulimits && `{ ${Object.entries(r.ulimits).map(([k, u]) => `${quote(k)}: { soft: ${num(u.soft)}, hard: ${num(u.hard)} }`).join(', ')} }`;
    const logging = r.logging && `{ driver: ${T.value(r.logging.driver)}${r.logging.options ? `, options: ${T.record(r.logging.options)}` : ''} }`;
    out.push(['readOnlyRootFilesystem', bool(r.readOnly)], ['ulimits', ulimits], ['logging', logging]);
  }
  out.push(['stopGracePeriod', r.stopGracePeriod && durationTextCode(T, r.stopGracePeriod)]);
  out.push(['user', r.user && T.value(r.user)], ['workingDir', r.workingDir && T.value(r.workingDir)]);
  if (swarm) {
    if (r.globalMode) T.used.add('ServiceMode');
    out.push(['mode', r.globalMode ? 'ServiceMode.global()' : undefined]);
    out.push(['placement', r.placementConstraints && `{ constraints: ${T.list(r.placementConstraints)} }`]);
    const res = (x?: { cpus?: number; memoryBytes?: number }) => {
      if (!x) return undefined;
      const memory = x.memoryBytes === undefined ? undefined : sizeCode(T, sizeForm(x.memoryBytes));
      return `{ ${[x.cpus !== undefined ? `cpus: ${num(x.cpus)}` : undefined, memory && `memory: ${memory}`].filter(Boolean).join(', ')} }`;
    };
    out.push(['limits', res(r.limits)], ['reservations', res(r.reservations)], ['labels', r.serviceLabels && T.record(r.serviceLabels)]);
    const rp = r.restartPolicy;
    if (rp) {
      const parts = [
        rp.condition && `condition: ${quote(member(RESTART_CONDITIONS, rp.condition, 'deploy.restart_policy.condition'))}`,
        rp.maxAttempts !== undefined ? `maxAttempts: ${num(rp.maxAttempts)}` : undefined,
        rp.delay && `delay: ${durationTextCode(T, rp.delay)}`,
        rp.window && `window: ${durationTextCode(T, rp.window)}`,
      ].filter(Boolean);
      out.push(['restartPolicy', `{ ${parts.join(', ')} }`]);
    }
  }
  return out;
}
