import { INSECURE_FLAGS } from './errors';
import { ComposePlan, PlannedExposure, PlannedNetwork, PlannedService } from './plan';
import { parseGoDuration } from '../private/grammar';

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

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await host app'.split(' '),
);

function camel(key: string): string {
  const parts = key.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  let out = parts.map((p, i) => (i === 0 ? p[0].toLowerCase() + p.slice(1) : p[0].toUpperCase() + p.slice(1))).join('');
  if (!/^[a-zA-Z_$]/.test(out)) out = `_${out}`;
  return out || '_';
}

function pascal(key: string): string {
  const c = camel(key).replace(/^_/, '');
  // A class name cannot start with a digit (project 3tier: Compose3tierStack).
  return /^[0-9]/.test(c) ? `Compose${c}` : c[0].toUpperCase() + c.slice(1);
}

/**
 * The one way text becomes TypeScript: a double-quoted string literal. JSON.stringify escapes quotes, backslashes
 * and control characters; U+2028 and U+2029, which JSON leaves alone but TypeScript reads as line breaks, are
 * escaped too. Nothing inside can end the literal or start a template (`${` has no meaning in double quotes).
 */
export function quote(text: string): string {
  return JSON.stringify(String(text)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
const q = quote;

/**
 * The one way text becomes a comment: a single `//` line. Line terminators of every kind (\n \r U+2028 U+2029,
 * and the other control characters) are written as `\uXXXX` escapes and `*` followed by `/` as `* /`, so that
 * nothing in `text` can end the comment or add a line.
 */
export function comment(text: string): string {
  const safe = redact(String(text))
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\*\//g, '* /');
  return `// ${safe}`;
}

/** A number as TypeScript: only finite numbers (the mapping refuses others before codegen). */
function num(n: number): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`generateStack: ${quote(String(n))} is not a finite number (the mapping should have refused it)`);
  return JSON.stringify(n);
}

/** A value of a closed set, as the member name of the library's enumeration (checked, never pasted). */
function member<T extends Record<string, string>>(table: T, value: string, what: string): T[keyof T] {
  if (!Object.prototype.hasOwnProperty.call(table, value)) throw new Error(`generateStack: ${what} ${quote(value)} is not one of ${Object.keys(table).join(', ')} (the mapping should have refused it)`);
  return table[value as keyof T];
}

const RESTART_POLICIES = { no: 'NO', always: 'ALWAYS', 'on-failure': 'ON_FAILURE', 'unless-stopped': 'UNLESS_STOPPED' } as const;
const ENDPOINT_MODES = { vip: 'VIP', dnsrr: 'DNSRR' } as const;
const PROTOCOLS = { tcp: 'tcp', udp: 'udp' } as const;
const BUILTIN_NETWORKS = { host: 'host', none: 'none', bridge: 'bridge' } as const;
const SWARM_PORT_MODES = { ingress: 'ingress', host: 'host' } as const;
const RESTART_CONDITIONS = { none: 'none', 'on-failure': 'on-failure', any: 'any' } as const;

/**
 * Text that may hold the value of a variable, as TypeScript: literal parts through {@link quote}, each
 * variable's value as a reference to its Terraform variable, joined with `+`. Set per stack by generateStack.
 */
let valueText: (text: string) => string = quote;

/**
 * Comments name values too (a refused `pid: ${X}`, a `cap_add` entry): the values of variables are written there
 * as `${NAME}`, inside quoted values always, elsewhere when at least 4 characters long (so that `TAG=1` does not
 * garble `compose.yml:1:5`). Set per stack by generateStack.
 */
let redact: (text: string) => string = (text) => text;

const strList = (xs: readonly string[]) => `[${xs.map((x) => valueText(x)).join(', ')}]`;
const propKey = (k: string) => {
  const v = valueText(k);
  if (v !== quote(k)) return `[${v}]`;
  return /^[a-zA-Z_$][\w$]*$/.test(k) ? k : v;
};
const record = (r: Record<string, string>) => `{ ${Object.entries(r).map(([k, v]) => `${propKey(k)}: ${valueText(v)}`).join(', ')} }`;

function props(entries: [string, string | undefined][], indent: string): string {
  const lines = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${indent}  ${k}: ${v},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * Prints a plan as a TypeScript cdktf stack built from this library's constructs: the code a team then owns,
 * instead of loading the file at synth. Secure-default differences and fields not carried over become comments.
 */
export function generateStack(plan: ComposePlan, options: GenerateOptions = {}): string {
  try {
    return generate(plan, options);
  } finally {
    valueText = quote;
    redact = (text) => text;
  }
}

function generate(plan: ComposePlan, options: GenerateOptions): string {
  const cls = options.className ?? `${pascal(plan.projectName)}Stack`;
  if (!/^[A-Za-z_$][\w$]*$/.test(cls) || RESERVED.has(cls)) throw new Error(`generateStack: class name ${quote(cls)} is not a TypeScript identifier; give another`);
  const lib = options.importFrom ?? 'docker-network-cdktf';
  const used = new Set<string>(['DockerHost']);
  const names = new Map<string, string>();
  const taken = new Set<string>(['host', 'plan', 'swarm', 'tiers']);
  const varName = (kind: 'net' | 'svc' | 'vol' | 'var', key: string) => {
    let v =
      kind === 'net'
        ? camel(key).replace(/Net$/, '') + 'Net'
        : kind === 'vol'
          ? camel(key).replace(/Volume$/, '') + 'Volume'
          : kind === 'var'
            ? camel(key.toLowerCase()) + 'Variable'
            : camel(key);
    if (RESERVED.has(v) || taken.has(v)) v = `${v}${kind === 'net' ? '' : 'Service'}`;
    while (taken.has(v)) v = `${v}_`;
    taken.add(v);
    names.set(`${kind}:${key}`, v);
    return v;
  };
  const body: string[] = [];
  const I = '    ';
  // Variables whose values the file used: declared as Terraform variables, referenced wherever a value holds them.
  const variables = Object.entries(plan.variables ?? {}).filter(([, value]) => value !== '');
  const refs = new Map<string, string>();
  const referenced = new Set<string>();
  for (const [name] of variables) refs.set(name, `${varName('var', name)}.stringValue`);
  // Longest values first, so that a value inside another is not split out of it.
  const byLength = [...variables].sort(([, a], [, b]) => b.length - a.length);
  const sources = plan.variableSources ?? [];
  const hide = (text: string, all: boolean) =>
    byLength.reduce((t, [name, value]) => (all || value.length >= 4 ? t.split(value).join(`\${${name}}`) : t), text);
  redact = (text) => {
    const parts = text.split(/("(?:[^"\\]|\\.)*")/);
    return parts.map((part, i) => hide(part, i % 2 === 1)).join('');
  };
  valueText = (text: string) => {
    // Only the variables of the file's strings this text comes from (it is one of them, or a part the mapping
    // split off): a short value such as TAG=1 is not taken out of unrelated text such as "p-web-1".
    const from = new Set(text === '' ? [] : sources.filter((s) => s.text.includes(text)).flatMap((s) => s.names));
    const candidates = byLength.filter(([name]) => from.has(name));
    const parts: string[] = [];
    let rest = String(text);
    let literal = '';
    while (rest.length > 0) {
      const hit = candidates.find(([, value]) => rest.startsWith(value));
      if (hit) {
        if (literal !== '') parts.push(q(literal));
        literal = '';
        parts.push(refs.get(hit[0])!);
        referenced.add(hit[0]);
        rest = rest.slice(hit[1].length);
      } else {
        literal += rest[0];
        rest = rest.slice(1);
      }
    }
    if (literal !== '' || parts.length === 0) parts.push(q(literal));
    return parts.join(' + ');
  };
  if (plan.swarm) {
    used.add('Swarm');
    body.push(`${I}const host = new DockerHost(this, 'host');`);
    body.push(`${I}const swarm = new Swarm(this, 'swarm', { manager: host }); ${comment('needs `docker swarm init` on the engine')}`);
  } else {
    body.push(`${I}const host = new DockerHost(this, 'host'); ${comment('DOCKER_HOST or the local socket')}`);
  }
  if (plan.addressPlan) {
    used.add('AddressPlan');
    const ap = plan.addressPlan;
    body.push(
      `${I}const plan = new AddressPlan(this, 'address-plan', ${props(
        [
          ['pool', valueText(ap.pool)],
          ['prefixLength', ap.prefixLength === undefined ? undefined : num(ap.prefixLength)],
          ['lockFile', ap.lockFile ? valueText(ap.lockFile) : undefined],
        ],
        I,
      )});`,
    );
  }
  body.push('');
  for (const n of plan.networks) body.push(networkCode(n, varName('net', n.key), plan, used, I));
  for (const v of plan.volumes ?? []) {
    const name = varName('vol', v.key);
    used.add('Volume');
    if (v.external) body.push(`${I}const ${name} = Volume.fromName(${valueText(v.name)}); ${comment('external: created outside this stack')}`);
    else {
      body.push(
        `${I}const ${name} = new Volume(this, ${q(v.key)}, ${props(
          [
            ['name', valueText(v.name)],
            ['driver', v.driver && valueText(v.driver)],
            ['driverOptions', v.driverOptions && record(v.driverOptions)],
            ['labels', v.labels && record(v.labels)],
          ],
          I,
        )});`,
      );
    }
  }
  if (plan.tiers.length > 0) {
    used.add('TieredNetwork');
    body.push(`${I}const tiers = new TieredNetwork(this, 'tiers', { namePrefix: ${valueText(plan.projectName)}${plan.addressPlan ? ', addressPlan: plan' : ''} });`);
    for (const t of plan.tiers) body.push(`${I}const ${camel(t.name)}Tier = tiers.addTier(${q(t.name)}${t.internal ? ', { internal: true }' : ''});`);
    for (const t of plan.tiers) for (const a of t.allowFrom) body.push(`${I}${camel(t.name)}Tier.allowFrom(${camel(a)}Tier);`);
  }
  body.push('');
  for (const s of plan.services) body.push(serviceCode(s, varName('svc', s.key), plan, names, used, I));
  for (const s of plan.services) {
    for (const l of s.links) {
      const target = plan.services.find((x) => x.key === l.target)!;
      const ports = target.linkPorts.map(portCode);
      if (ports.length > 0) used.add('Port');
      const opts = [`alias: ${valueText(l.alias)}`, l.environment ? 'environment: true' : undefined, ports.length > 0 ? `ports: [${ports.join(', ')}]` : undefined].filter(Boolean);
      body.push(`${I}${names.get(`svc:${s.key}`)}.linkTo(${names.get(`svc:${l.target}`)}, { ${opts.join(', ')} });`);
    }
  }
  for (const s of plan.services) {
    for (const d of s.runtime?.dependsOn ?? []) {
      body.push(`${I}${names.get(`svc:${s.key}`)}.dependsOn(${names.get(`svc:${d.target}`)}${d.condition === 'healthy' ? ", { condition: 'healthy' }" : ''});`);
    }
  }
  for (const t of plan.tiers) for (const svc of t.services) body.push(`${I}${camel(t.name)}Tier.add(${names.get(`svc:${svc}`)}, [${q(svc)}]);`);
  // Declared where a value refers to them (one in a port number only is written as the number).
  const declared = variables.filter(([name]) => referenced.has(name));
  body.unshift(
    ...declared.map(
      ([name]) =>
        `${I}const ${names.get(`var:${name}`)} = new TerraformVariable(this, ${q(name)}, { type: 'string', sensitive: true, description: ${q(`Compose variable ${name}: give it as TF_VAR_${name}`)} });`,
    ),
  );

  const header = [
    comment(`Generated from ${options.sourceFile ?? 'a Compose file'} by \`npm run compose:import\`. This file is yours now: edit it freely;`),
    comment(`it is not regenerated. Project ${q(plan.projectName)}: networks <project>_<network>, ${plan.swarm ? 'services <project>_<service>' : 'containers <project>-<service>-1'}.`),
    ...(declared.length > 0
      ? [comment(`Values of variables are not written here: give each at plan and apply as TF_VAR_<name> (${declared.map(([n]) => `TF_VAR_${n}`).join(', ')}).`)]
      : []),
    ...(options.notes ?? []).map((n) => comment(n)),
  ];
  const imports = [...used].sort();
  // A construct nobody refers to needs no variable (noUnusedLocals).
  let code = body.join('\n');
  for (const m of [...code.matchAll(/const (\w+) = /g)]) {
    // Identifier uses only: string literals (all written by quote) and comments are left out of the count.
    const bare = code.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\/\/[^\n]*/g, '');
    const uses = bare.split(new RegExp(`(?<![\\w"'.$-])${m[1]}(?![\\w"'$-])`)).length - 1;
    if (uses === 1) code = code.replace(`const ${m[1]} = `, '');
  }
  return `${header.join('\n')}
import { ${['App', 'TerraformStack', ...(declared.length > 0 ? ['TerraformVariable'] : [])].join(', ')} } from 'cdktf';
import { Construct } from 'constructs';
import { ${imports.join(', ')} } from ${q(lib)};

export class ${cls} extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
${code.replace(/\n{3,}/g, '\n\n')}
  }
}

if (require.main === module) {
  const app = new App();
  new ${cls}(app, ${q(plan.projectName)});
  app.synth();
}
`;
}

function networkCode(n: PlannedNetwork, v: string, plan: ComposePlan, used: Set<string>, I: string): string {
  const subnet = n.subnet ? valueText(n.subnet) : plan.addressPlan && (n.kind === 'bridge' || n.kind === 'overlay') ? `plan.allocate(${valueText(n.name)})` : undefined;
  if (n.kind === 'external-bridge' || n.kind === 'external-overlay') {
    used.add('BridgeNetwork');
    const kind = n.kind === 'external-overlay' ? ", { kind: 'overlay' }" : '';
    return `${I}const ${v} = BridgeNetwork.fromName(this, ${q(n.key)}, ${valueText(n.name)}${kind}); ${comment('external: created outside this stack')}`;
  }
  const common: [string, string | undefined][] = [
    ['name', valueText(n.name)],
    ['subnet', subnet],
    ['gateway', n.gateway && valueText(n.gateway)],
    ['ipRange', n.ipRange && valueText(n.ipRange)],
  ];
  if (n.kind === 'overlay') {
    used.add('OverlayNetwork');
    return `${I}const ${v} = new OverlayNetwork(this, ${q(n.key)}, ${props(
      [
        ['swarm', 'swarm'],
        ...common,
        ['attachable', bool(n.attachable)],
        ['encrypted', bool(n.encrypted)],
        ['internal', bool(n.internal)],
        ['labels', n.labels && record(n.labels)],
      ],
      I,
    )});`;
  }
  used.add('BridgeNetwork');
  return `${I}const ${v} = new BridgeNetwork(this, ${q(n.key)}, ${props(
    [
      ...common,
      ['auxAddresses', n.auxAddresses && record(n.auxAddresses)],
      ['ipv6Subnet', n.ipv6Subnet && valueText(n.ipv6Subnet)],
      ['ipv6Gateway', n.ipv6Gateway && valueText(n.ipv6Gateway)],
      ['bridgeName', n.bridgeName && valueText(n.bridgeName)],
      ['interContainerCommunication', bool(n.interContainerCommunication)],
      ['ipMasquerade', bool(n.ipMasquerade)],
      ['mtu', n.mtu === undefined ? undefined : num(n.mtu)],
      ['internal', bool(n.internal)],
      ['labels', n.labels && record(n.labels)],
      ['driverOptions', n.driverOptions && record(n.driverOptions)],
    ],
    I,
  )});`;
}

function portCode(e: { port: number; protocol: 'tcp' | 'udp' }): string {
  return `Port.${member(PROTOCOLS, e.protocol, 'protocol')}(${num(e.port)})`;
}

function bool(b: boolean | undefined): string | undefined {
  return b === undefined ? undefined : b === true ? 'true' : 'false';
}

function exposureCode(e: PlannedExposure, used: Set<string>): string {
  used.add('Exposure');
  if (e.kind === 'cluster-internal') return 'Exposure.clusterInternal()';
  const opts: string[] = [];
  if (e.hostPort !== undefined) opts.push(`hostPort: ${num(e.hostPort)}`);
  if (e.hostIp !== undefined) {
    used.add('HostInterface');
    opts.push(`hostInterface: ${e.hostIp === '0.0.0.0' ? 'HostInterface.allInterfaces()' : `HostInterface.address(${valueText(e.hostIp)})`}`);
  }
  const o = opts.length > 0 ? `{ ${opts.join(', ')} }` : '';
  return `Exposure.${e.kind === 'node-port' ? 'nodePort' : 'published'}(${o})`;
}

function serviceCode(s: PlannedService, v: string, plan: ComposePlan, names: Map<string, string>, used: Set<string>, I: string): string {
  const lines: string[] = [];
  for (const note of s.secureDefaultNotes) lines.push(`${I}${comment(`secure default: ${note}`)}`);
  const insecure = Object.entries(s.insecure).filter(([k, on]) => on && (INSECURE_FLAGS as readonly string[]).includes(k));
  const insecureText = insecure.length > 0 ? `{ ${insecure.map(([k]) => `${k}: true`).join(', ')} }` : undefined;
  if (plan.swarm) {
    used.add('SwarmService');
    const nets = s.attachments.map((a) => `{ network: ${names.get(`net:${a.network}`)}${a.aliases.length ? `, aliases: ${strList(a.aliases)}` : ''} }`);
    const ports = s.exposures.filter((e) => e.kind === 'published');
    if (ports.length > 0) used.add('ServicePort').add('Port');
    if (s.endpointMode) used.add('EndpointMode');
    lines.push(
      `${I}const ${v} = new SwarmService(this, ${q(s.key)}, ${props(
        [
          ['swarm', 'swarm'],
          ['name', valueText(s.name)],
          ['image', valueText(s.image)],
          ['replicas', s.runtime?.globalMode || s.replicas === undefined ? undefined : num(s.replicas)],
          ['command', s.command && strList(s.command)],
          ['env', s.env && record(s.env)],
          ['networks', `[${nets.join(', ')}]`],
          ['endpointMode', s.endpointMode && `EndpointMode.${member(ENDPOINT_MODES, s.endpointMode, 'deploy.endpoint_mode')}`],
          ['ports', ports.length ? `[${ports.map((e) => `ServicePort.${member(SWARM_PORT_MODES, e.swarmMode ?? 'ingress', 'port mode')}(${portCode(e)}, ${num(e.hostPort!)})`).join(', ')}]` : undefined],
          ['capabilities', s.capabilities && strList(s.capabilities)],
          ...runtimeEntries(s, plan, names, used, true),
        ],
        I,
      )});`,
    );
    return lines.join('\n');
  }
  used.add('Container');
  if (s.restart) used.add('RestartPolicy');
  const nets: string[] = [];
  for (const a of s.attachments) {
    if (a.builtin) {
      used.add('BuiltinNetwork');
      nets.push(`{ network: BuiltinNetwork.${member(BUILTIN_NETWORKS, a.builtin, 'network_mode')}(host) }`);
      continue;
    }
    const parts = [`network: ${names.get(`net:${a.network}`)}`];
    if (a.ipv4Address) parts.push(`ipv4Address: ${valueText(a.ipv4Address)}`);
    if (a.ipv6Address) parts.push(`ipv6Address: ${valueText(a.ipv6Address)}`);
    if (a.aliases.length) parts.push(`aliases: ${strList(a.aliases)}`);
    nets.push(`{ ${parts.join(', ')} }`);
  }
  lines.push(
    `${I}const ${v} = new Container(this, ${q(s.key)}, ${props(
      [
        ['name', valueText(s.name)],
        ['image', `host.image(${valueText(s.image)})`],
        ['command', s.command && strList(s.command)],
        ['env', s.env && record(s.env)],
        ['restart', s.restart && `RestartPolicy.${member(RESTART_POLICIES, s.restart, 'restart')}`],
        ['hostname', s.hostname && valueText(s.hostname)],
        ['labels', s.labels && record(s.labels)],
        ['capabilities', s.capabilities && strList(s.capabilities)],
        ['insecure', insecureText],
        ['networks', nets.length ? `[${nets.join(', ')}]` : undefined],
        ...runtimeEntries(s, plan, names, used, false),
      ],
      I,
    )});`,
  );
  for (const e of s.exposures) {
    used.add('Port');
    lines.push(`${I}${v}.expose(${portCode(e)}, ${exposureCode(e, used)});`);
  }
  return lines.join('\n');
}

/** Milliseconds of a Go duration (`1m30s`, `500ms`). */
export function goDurationMillis(text: string): number | undefined {
  const parsed = parseGoDuration(text);
  return parsed.ok ? parsed.value : undefined;
}

function durationCode(text: string | undefined, used: Set<string>): string | undefined {
  if (text === undefined) return undefined;
  used.add('Duration');
  const ms = goDurationMillis(text);
  if (ms === undefined) return `Duration.parse(${valueText(text)})`;
  return ms % 1000 === 0 ? `Duration.seconds(${num(ms / 1000)})` : `Duration.millis(${num(ms)})`;
}

function sizeCode(bytes: number | undefined, used: Set<string>): string | undefined {
  if (bytes === undefined) return undefined;
  used.add('Size');
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `Size.mebibytes(${num(bytes / mib)})` : `Size.bytes(${num(bytes)})`;
}

/** The runtime props (mounts, health, DNS, process; swarm deploy settings) of one service, as code. */
function runtimeEntries(s: PlannedService, plan: ComposePlan, names: Map<string, string>, used: Set<string>, swarm: boolean): [string, string | undefined][] {
  const r = s.runtime ?? {};
  const out: [string, string | undefined][] = [];
  if (r.mounts && r.mounts.length > 0) {
    used.add('Mount');
    const compatible = plan.compatible;
    const mounts = r.mounts.map((m) => {
      if (m.type === 'volume') return `Mount.volume(${names.get(`vol:${m.source}`)}, ${valueText(m.target)}${m.readOnly ? ', { readOnly: true }' : ''})`;
      if (m.type === 'bind') {
        const rw = m.readOnly === false || (m.readOnly === undefined && compatible);
        return `Mount.bind(${valueText(m.source!)}, ${valueText(m.target)}${rw ? ', { readWrite: true }' : ''})`;
      }
      const size = sizeCode(m.sizeBytes, used);
      const tmpfsOptions = [size ? `size: ${size}` : undefined, m.mode !== undefined ? `mode: 0o${m.mode.toString(8)}` : undefined].filter(Boolean);
      if (m.mode !== undefined) num(m.mode);
      return `Mount.tmpfs(${valueText(m.target)}${tmpfsOptions.length ? `, { ${tmpfsOptions.join(', ')} }` : ''})`;
    });
    out.push(['mounts', `[${mounts.join(', ')}]`]);
  }
  if (r.healthCheck) {
    used.add('HealthCheck');
    const h = r.healthCheck;
    const opts = [
      ['interval', durationCode(h.interval, used)],
      ['timeout', durationCode(h.timeout, used)],
      ['startPeriod', durationCode(h.startPeriod, used)],
      ['retries', h.retries === undefined ? undefined : num(h.retries)],
    ].filter(([, v]) => v !== undefined);
    const o = opts.length ? `, { ${opts.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '';
    out.push(['healthCheck', h.test[0] === 'NONE' ? 'HealthCheck.none()' : h.test[0] === 'CMD-SHELL' ? `HealthCheck.shell(${valueText(h.test[1])}${o})` : `HealthCheck.command(${strList(h.test.slice(1))}${o})`]);
  }
  if (!swarm) {
    out.push(['dns', r.dns && strList(r.dns)], ['dnsSearch', r.dnsSearch && strList(r.dnsSearch)], ['dnsOptions', r.dnsOptions && strList(r.dnsOptions)]);
    out.push(['extraHosts', r.extraHosts && record(r.extraHosts)], ['entrypoint', r.entrypoint && strList(r.entrypoint)]);
    out.push(['restartMaxRetries', r.restartMaxRetries === undefined ? undefined : num(r.restartMaxRetries)]);
  }
  out.push(['user', r.user && valueText(r.user)], ['workingDir', r.workingDir && valueText(r.workingDir)]);
  if (swarm) {
    if (r.globalMode) used.add('ServiceMode');
    out.push(['mode', r.globalMode ? 'ServiceMode.global()' : undefined]);
    out.push(['placement', r.placementConstraints && `{ constraints: ${strList(r.placementConstraints)} }`]);
    const res = (x?: { cpus?: number; memoryBytes?: number }) => {
      if (!x) return undefined;
      const parts = [x.cpus !== undefined ? `cpus: ${num(x.cpus)}` : undefined, x.memoryBytes !== undefined ? `memory: ${sizeCode(x.memoryBytes, used)}` : undefined].filter(Boolean);
      return `{ ${parts.join(', ')} }`;
    };
    out.push(['limits', res(r.limits)], ['reservations', res(r.reservations)], ['labels', r.serviceLabels && record(r.serviceLabels)]);
    if (r.restartPolicy) {
      const rp = r.restartPolicy;
      const parts = [
        rp.condition && `condition: ${q(member(RESTART_CONDITIONS, rp.condition, 'deploy.restart_policy.condition'))}`,
        rp.maxAttempts !== undefined ? `maxAttempts: ${num(rp.maxAttempts)}` : undefined,
        rp.delay && `delay: ${durationCode(rp.delay, used)}`,
        rp.window && `window: ${durationCode(rp.window, used)}`,
      ].filter(Boolean);
      out.push(['restartPolicy', `{ ${parts.join(', ')} }`]);
    }
  }
  return out;
}
