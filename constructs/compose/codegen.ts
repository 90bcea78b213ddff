import { ComposePlan, PlannedExposure, PlannedNetwork, PlannedService } from './plan';

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
  return c[0].toUpperCase() + c.slice(1);
}

const q = (s: string) => JSON.stringify(s);
const strList = (xs: readonly string[]) => `[${xs.map(q).join(', ')}]`;
const record = (r: Record<string, string>) => `{ ${Object.entries(r).map(([k, v]) => `${/^[a-zA-Z_$][\w$]*$/.test(k) ? k : q(k)}: ${q(v)}`).join(', ')} }`;

function props(entries: [string, string | undefined][], indent: string): string {
  const lines = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${indent}  ${k}: ${v},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * Prints a plan as a TypeScript cdktf stack built from this library's constructs: the code a team then owns,
 * instead of loading the file at synth. Secure-default differences and fields not carried over become comments.
 */
export function generateStack(plan: ComposePlan, options: GenerateOptions = {}): string {
  const cls = options.className ?? `${pascal(plan.projectName)}Stack`;
  const lib = options.importFrom ?? 'docker-network-cdktf';
  const used = new Set<string>(['DockerHost']);
  const names = new Map<string, string>();
  const taken = new Set<string>(['host', 'plan', 'swarm', 'tiers']);
  const varName = (kind: 'net' | 'svc' | 'vol', key: string) => {
    let v = kind === 'net' ? camel(key).replace(/Net$/, '') + 'Net' : kind === 'vol' ? camel(key).replace(/Volume$/, '') + 'Volume' : camel(key);
    if (RESERVED.has(v) || taken.has(v)) v = `${v}${kind === 'net' ? '' : 'Service'}`;
    while (taken.has(v)) v = `${v}_`;
    taken.add(v);
    names.set(`${kind}:${key}`, v);
    return v;
  };
  const body: string[] = [];
  const I = '    ';
  if (plan.swarm) {
    used.add('Swarm');
    body.push(`${I}const host = new DockerHost(this, 'host');`);
    body.push(`${I}const swarm = new Swarm(this, 'swarm', { manager: host }); // needs \`docker swarm init\` on the engine`);
  } else {
    body.push(`${I}const host = new DockerHost(this, 'host'); // DOCKER_HOST or the local socket`);
  }
  if (plan.addressPlan) {
    used.add('AddressPlan');
    const ap = plan.addressPlan;
    body.push(
      `${I}const plan = new AddressPlan(this, 'address-plan', ${props(
        [
          ['pool', q(ap.pool)],
          ['prefixLength', ap.prefixLength?.toString()],
          ['lockFile', ap.lockFile ? q(ap.lockFile) : undefined],
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
    if (v.external) body.push(`${I}const ${name} = Volume.fromName(${q(v.name)}); // external: created outside this stack`);
    else {
      body.push(
        `${I}const ${name} = new Volume(this, ${q(v.key)}, ${props(
          [
            ['name', q(v.name)],
            ['driver', v.driver && q(v.driver)],
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
    body.push(`${I}const tiers = new TieredNetwork(this, 'tiers', { namePrefix: ${q(plan.projectName)}${plan.addressPlan ? ', addressPlan: plan' : ''} });`);
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
      const opts = [`alias: ${q(l.alias)}`, l.environment ? 'environment: true' : undefined, ports.length > 0 ? `ports: [${ports.join(', ')}]` : undefined].filter(Boolean);
      body.push(`${I}${names.get(`svc:${s.key}`)}.linkTo(${names.get(`svc:${l.target}`)}, { ${opts.join(', ')} });`);
    }
  }
  for (const s of plan.services) {
    for (const d of s.runtime?.dependsOn ?? []) {
      body.push(`${I}${names.get(`svc:${s.key}`)}.dependsOn(${names.get(`svc:${d.target}`)}${d.condition === 'healthy' ? ", { condition: 'healthy' }" : ''});`);
    }
  }
  for (const t of plan.tiers) for (const svc of t.services) body.push(`${I}${camel(t.name)}Tier.add(${names.get(`svc:${svc}`)}, [${q(svc)}]);`);

  const header = [
    `// Generated from ${options.sourceFile ?? 'a Compose file'} by \`npm run compose:import\`. This file is yours now: edit it freely;`,
    `// it is not regenerated. Project ${q(plan.projectName)}: networks <project>_<network>, ${plan.swarm ? 'services <project>_<service>' : 'containers <project>-<service>-1'}.`,
    ...(options.notes ?? []).map((n) => `// ${n}`),
  ];
  const imports = [...used].sort();
  // A construct nobody refers to needs no variable (noUnusedLocals).
  let code = body.join('\n');
  for (const m of [...code.matchAll(/const (\w+) = /g)]) {
    // Identifier uses only: not inside names such as "shop-client-1" or aliases ["client"].
    const uses = code.split(new RegExp(`(?<![\\w"'.$-])${m[1]}(?![\\w"'$-])`)).length - 1;
    if (uses === 1) code = code.replace(`const ${m[1]} = `, '');
  }
  return `${header.join('\n')}
import { App, TerraformStack } from 'cdktf';
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
  const subnet = n.subnet ? q(n.subnet) : plan.addressPlan && (n.kind === 'bridge' || n.kind === 'overlay') ? `plan.allocate(${q(n.name)})` : undefined;
  if (n.kind === 'external-bridge' || n.kind === 'external-overlay') {
    used.add('BridgeNetwork');
    const kind = n.kind === 'external-overlay' ? ", { kind: 'overlay' }" : '';
    return `${I}const ${v} = BridgeNetwork.fromName(this, ${q(n.key)}, ${q(n.name)}${kind}); // external: created outside this stack`;
  }
  const common: [string, string | undefined][] = [
    ['name', q(n.name)],
    ['subnet', subnet],
    ['gateway', n.gateway && q(n.gateway)],
    ['ipRange', n.ipRange && q(n.ipRange)],
  ];
  if (n.kind === 'overlay') {
    used.add('OverlayNetwork');
    return `${I}const ${v} = new OverlayNetwork(this, ${q(n.key)}, ${props(
      [
        ['swarm', 'swarm'],
        ...common,
        ['attachable', n.attachable?.toString()],
        ['encrypted', n.encrypted?.toString()],
        ['internal', n.internal?.toString()],
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
      ['ipv6Subnet', n.ipv6Subnet && q(n.ipv6Subnet)],
      ['ipv6Gateway', n.ipv6Gateway && q(n.ipv6Gateway)],
      ['bridgeName', n.bridgeName && q(n.bridgeName)],
      ['interContainerCommunication', n.interContainerCommunication?.toString()],
      ['ipMasquerade', n.ipMasquerade?.toString()],
      ['mtu', n.mtu?.toString()],
      ['internal', n.internal?.toString()],
      ['labels', n.labels && record(n.labels)],
      ['driverOptions', n.driverOptions && record(n.driverOptions)],
    ],
    I,
  )});`;
}

function portCode(e: { port: number; protocol: 'tcp' | 'udp' }): string {
  return `Port.${e.protocol}(${e.port})`;
}

function exposureCode(e: PlannedExposure, used: Set<string>): string {
  used.add('Exposure');
  if (e.kind === 'cluster-internal') return 'Exposure.clusterInternal()';
  const opts: string[] = [];
  if (e.hostPort !== undefined) opts.push(`hostPort: ${e.hostPort}`);
  if (e.hostIp !== undefined) {
    used.add('HostInterface');
    opts.push(`hostInterface: ${e.hostIp === '0.0.0.0' ? 'HostInterface.allInterfaces()' : `HostInterface.address(${q(e.hostIp)})`}`);
  }
  const o = opts.length > 0 ? `{ ${opts.join(', ')} }` : '';
  return `Exposure.${e.kind === 'node-port' ? 'nodePort' : 'published'}(${o})`;
}

function serviceCode(s: PlannedService, v: string, plan: ComposePlan, names: Map<string, string>, used: Set<string>, I: string): string {
  const lines: string[] = [];
  for (const note of s.secureDefaultNotes) lines.push(`${I}// secure default: ${note}`);
  const insecure = Object.entries(s.insecure).filter(([, on]) => on);
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
          ['name', q(s.name)],
          ['image', q(s.image)],
          ['replicas', s.runtime?.globalMode ? undefined : s.replicas?.toString()],
          ['command', s.command && strList(s.command)],
          ['env', s.env && record(s.env)],
          ['networks', `[${nets.join(', ')}]`],
          ['endpointMode', s.endpointMode && `EndpointMode.${s.endpointMode.toUpperCase()}`],
          ['ports', ports.length ? `[${ports.map((e) => `ServicePort.${e.swarmMode === 'host' ? 'host' : 'ingress'}(${portCode(e)}, ${e.hostPort})`).join(', ')}]` : undefined],
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
      nets.push(`{ network: BuiltinNetwork.${a.builtin}(host) }`);
      continue;
    }
    const parts = [`network: ${names.get(`net:${a.network}`)}`];
    if (a.ipv4Address) parts.push(`ipv4Address: ${q(a.ipv4Address)}`);
    if (a.ipv6Address) parts.push(`ipv6Address: ${q(a.ipv6Address)}`);
    if (a.aliases.length) parts.push(`aliases: ${strList(a.aliases)}`);
    nets.push(`{ ${parts.join(', ')} }`);
  }
  lines.push(
    `${I}const ${v} = new Container(this, ${q(s.key)}, ${props(
      [
        ['name', q(s.name)],
        ['image', `host.image(${q(s.image)})`],
        ['command', s.command && strList(s.command)],
        ['env', s.env && record(s.env)],
        ['restart', s.restart && `RestartPolicy.${s.restart.toUpperCase().replace(/-/g, '_')}`],
        ['hostname', s.hostname && q(s.hostname)],
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
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * units[m[2]];
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}

function durationCode(text: string | undefined, used: Set<string>): string | undefined {
  if (text === undefined) return undefined;
  used.add('Duration');
  const ms = goDurationMillis(text);
  if (ms === undefined) return `Duration.parse(${q(text)})`;
  return ms % 1000 === 0 ? `Duration.seconds(${ms / 1000})` : `Duration.millis(${ms})`;
}

function sizeCode(bytes: number | undefined, used: Set<string>): string | undefined {
  if (bytes === undefined) return undefined;
  used.add('Size');
  const mib = 1024 * 1024;
  return bytes % mib === 0 ? `Size.mebibytes(${bytes / mib})` : `Size.bytes(${bytes})`;
}

/** The runtime props (mounts, health, DNS, process; swarm deploy settings) of one service, as code. */
function runtimeEntries(s: PlannedService, plan: ComposePlan, names: Map<string, string>, used: Set<string>, swarm: boolean): [string, string | undefined][] {
  const r = s.runtime ?? {};
  const out: [string, string | undefined][] = [];
  if (r.mounts && r.mounts.length > 0) {
    used.add('Mount');
    const compatible = plan.compatible;
    const mounts = r.mounts.map((m) => {
      if (m.type === 'volume') return `Mount.volume(${names.get(`vol:${m.source}`)}, ${q(m.target)}${m.readOnly ? ', { readOnly: true }' : ''})`;
      if (m.type === 'bind') {
        const rw = m.readOnly === false || (m.readOnly === undefined && compatible);
        return `Mount.bind(${q(m.source!)}, ${q(m.target)}${rw ? ', { readWrite: true }' : ''})`;
      }
      const size = sizeCode(m.sizeBytes, used);
      const options = [size && `size: ${size}`, m.mode !== undefined && `mode: 0o${m.mode.toString(8)}`].filter(Boolean);
      return `Mount.tmpfs(${q(m.target)}${options.length > 0 ? `, { ${options.join(', ')} }` : ''})`;
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
      ['retries', h.retries?.toString()],
    ].filter(([, v]) => v !== undefined);
    const o = opts.length ? `, { ${opts.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '';
    out.push(['healthCheck', h.test[0] === 'NONE' ? 'HealthCheck.none()' : h.test[0] === 'CMD-SHELL' ? `HealthCheck.shell(${q(h.test[1])}${o})` : `HealthCheck.command(${strList(h.test.slice(1))}${o})`]);
  }
  if (!swarm) {
    out.push(['dns', r.dns && strList(r.dns)], ['dnsSearch', r.dnsSearch && strList(r.dnsSearch)], ['dnsOptions', r.dnsOptions && strList(r.dnsOptions)]);
    out.push(['extraHosts', r.extraHosts && record(r.extraHosts)], ['entrypoint', r.entrypoint && strList(r.entrypoint)]);
    out.push(['restartMaxRetries', r.restartMaxRetries?.toString()]);
  }
  out.push(['user', r.user && q(r.user)], ['workingDir', r.workingDir && q(r.workingDir)]);
  if (swarm) {
    if (r.globalMode) used.add('ServiceMode');
    out.push(['mode', r.globalMode ? 'ServiceMode.global()' : undefined]);
    out.push(['placement', r.placementConstraints && `{ constraints: ${strList(r.placementConstraints)} }`]);
    const res = (x?: { cpus?: number; memoryBytes?: number }) => {
      if (!x) return undefined;
      const parts = [x.cpus !== undefined ? `cpus: ${x.cpus}` : undefined, x.memoryBytes !== undefined ? `memory: ${sizeCode(x.memoryBytes, used)}` : undefined].filter(Boolean);
      return `{ ${parts.join(', ')} }`;
    };
    out.push(['limits', res(r.limits)], ['reservations', res(r.reservations)], ['labels', r.serviceLabels && record(r.serviceLabels)]);
    if (r.restartPolicy) {
      const rp = r.restartPolicy;
      const parts = [
        rp.condition && `condition: ${q(rp.condition)}`,
        rp.maxAttempts !== undefined ? `maxAttempts: ${rp.maxAttempts}` : undefined,
        rp.delay && `delay: ${durationCode(rp.delay, used)}`,
        rp.window && `window: ${durationCode(rp.window, used)}`,
      ].filter(Boolean);
      out.push(['restartPolicy', `{ ${parts.join(', ')} }`]);
    }
  }
  return out;
}
