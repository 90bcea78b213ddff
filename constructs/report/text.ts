/**
 * The topology as text, in the terms of the Docker tools: a `docker network ls`-like table, an `inspect`-like
 * section per network, a `brctl show`-like view, published ports, the reachability matrix and the warnings;
 * and the differences from an engine. Colour only when asked (a terminal).
 */
import * as util from 'util';
import Table from 'cli-table3';
import { Difference } from './diff';
import { ContainerModel, HostModel, NetworkModel, PortModel, reachability, taskCount, TopologyModel } from './model';

/** Options of {@link renderText}. */
export interface TextOptions {
  /**
   * ANSI colours (headings, warnings, differences).
   * @default false
   */
  readonly color?: boolean;
}

type Style = string | string[];
type Paint = (style: Style, s: string) => string;

/** ANSI codes from Node's own table (util.inspect.colors), whatever the output stream is. */
function painter(color: boolean): Paint {
  return (style, s) =>
    color
      ? (Array.isArray(style) ? style : [style]).reduce((acc, name) => {
          const [open, close] = util.inspect.colors[name] ?? [0, 0];
          return `\x1b[${open}m${acc}\x1b[${close}m`;
        }, s)
      : s;
}

/** Columns padded like `docker network ls`: no borders, two spaces between columns. */
function columns(head: string[], rows: string[][], paint: Paint): string {
  const t = new Table({
    head: head.map((h) => paint('bold', h)),
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const r of rows) t.push(r);
  return t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
}

const subnetText = (n: NetworkModel) => (n.subnets.length > 0 ? n.subnets.map((s) => s.subnet).join(' ') : n.driver === 'host' || n.driver === 'null' ? '-' : '(Docker picks)');

function flags(n: NetworkModel): string {
  const f: string[] = [];
  if (n.internal) f.push('internal');
  if (!n.icc) f.push('icc off');
  if (n.ipv6) f.push('ipv6');
  if (n.scope === 'swarm' && n.attachable) f.push('attachable');
  if (n.encrypted) f.push('encrypted');
  if (n.imported) f.push('imported');
  if (n.tiers) f.push(`tiers ${n.tiers.join('+')}`);
  return f.join(', ') || '-';
}

/** `br-app`, `docker0`, or what Docker will call it. */
function bridgeOf(n: NetworkModel): string | undefined {
  if (n.driver !== 'bridge') return undefined;
  return n.linuxBridge ?? 'br-<network id>';
}

interface Member {
  readonly name: string;
  readonly host?: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: readonly string[];
}

function membersOf(network: string, hosts: readonly HostModel[], model: TopologyModel, showHost: boolean): Member[] {
  const out: Member[] = [];
  for (const h of hosts) {
    for (const c of h.containers) {
      const a = c.networks.find((x) => x.network === network);
      if (a) out.push({ name: c.name, host: showHost ? h.name : undefined, ipv4: a.ipv4, ipv6: a.ipv6, aliases: a.aliases });
    }
  }
  for (const s of model.services) {
    const a = s.networks.find((x) => x.network === network);
    if (!a) continue;
    out.push({ name: `${s.name} (service, ${taskCount(s)}, ${s.endpointMode})`, ipv4: s.tasks ? '' : undefined, aliases: a.aliases });
    for (const t of s.tasks ?? []) {
      const ta = t.networks.find((x) => x.network === network);
      if (ta) out.push({ name: `  task ${t.name}`, host: showHost ? t.host : undefined, ipv4: ta.ipv4, ipv6: ta.ipv6, aliases: [] });
    }
  }
  return out;
}

function inspect(n: NetworkModel, members: Member[], model: TopologyModel, paint: Paint): string {
  const dynamic = model.source === 'declared' ? 'dynamic' : '-';
  const lines = [`${paint('bold', n.name)}`, `  Driver      ${n.driver} (${n.scope}${n.builtin ? ', built in' : ''})`];
  for (const s of n.subnets) {
    lines.push(`  Subnet      ${s.subnet}${s.gateway ? `  gateway ${s.gateway}` : ''}${s.ipRange ? `  ip range ${s.ipRange}` : ''}`);
    for (const [k, v] of Object.entries(s.auxAddresses ?? {})) lines.push(`  Aux         ${k}=${v} (never handed out)`);
  }
  if (n.subnets.length === 0 && n.driver !== 'host' && n.driver !== 'null') lines.push('  Subnet      picked by Docker at create');
  const bridge = bridgeOf(n);
  if (bridge) lines.push(`  Bridge      ${bridge}`);
  if (n.hosts) lines.push(`  Hosts       ${n.hosts.join(', ')}`);
  lines.push(`  Options     ${flags(n)}`);
  if (members.length === 0) lines.push('  Containers  none');
  else {
    lines.push('  Containers');
    const rows = members.map((m) => [
      `    ${m.name}${m.host ? ` @${m.host}` : ''}`,
      [m.ipv4 ?? dynamic, m.ipv6].filter(Boolean).join(' '),
      m.aliases.length > 0 ? `aliases ${m.aliases.join(', ')}` : '',
    ]);
    lines.push(columns(['', '', ''], rows, (_s, x) => x).split('\n').slice(1).join('\n'));
  }
  return lines.join('\n');
}

function portRows(containers: readonly ContainerModel[], host?: string): string[][] {
  const show = (p: PortModel) => `${p.hostIp}:${p.hostPort ?? '<picked at start>'}/${p.protocol}`;
  return containers.flatMap((c) => c.ports.map((p) => [show(p), '->', `${c.name}:${p.port}`, p.kind, ...(host ? [host] : [])]));
}

function hostSection(h: HostModel, model: TopologyModel, paint: Paint): string {
  const out: string[] = [];
  const multi = model.hosts.length > 1;
  out.push(paint(['bold', 'cyan'], `== host ${h.name} (${h.endpoint}) ==`));
  out.push('');
  out.push(paint('underline', 'networks') + '  (docker network ls)');
  out.push(columns(['NAME', 'DRIVER', 'SCOPE', 'SUBNET', 'OPTIONS'], h.networks.map((n) => [n.name, n.driver, n.scope, subnetText(n), flags(n)]), paint));
  out.push('');
  out.push(paint('underline', 'inspect') + '  (docker network inspect)');
  for (const n of h.networks) {
    out.push(inspect(n, membersOf(n.name, [h], model, false), model, paint));
  }
  out.push('');
  out.push(paint('underline', 'bridges') + '  (brctl show: one veth per container)');
  const bridges = h.networks.filter((n) => n.driver === 'bridge');
  out.push(
    bridges.length === 0
      ? 'no Linux bridge'
      : columns(
          ['BRIDGE', 'NETWORK', 'INTERFACES'],
          bridges.map((n) => [bridgeOf(n)!, n.name, h.containers.filter((c) => c.networks.some((a) => a.network === n.name)).map((c) => `veth@${c.name}`).join(' ') || '-']),
          paint,
        ),
  );
  const special = h.networks.filter((n) => n.driver === 'host' || n.driver === 'null');
  for (const n of special) {
    const on = h.containers.filter((c) => c.networks.some((a) => a.network === n.name)).map((c) => c.name);
    out.push(`${n.name}: ${on.join(', ') || '-'} (no bridge: ${n.driver === 'host' ? "the host's own network namespace" : 'loopback only'})`);
  }
  const ports = portRows(h.containers);
  out.push('');
  out.push(paint('underline', 'published ports') + (multi ? '' : '  (docker port)'));
  out.push(ports.length === 0 ? 'none: nothing is reachable from outside the networks' : columns(['HOST', '', 'CONTAINER', 'KIND'], ports, paint));
  return out.join('\n');
}

function matrix(model: TopologyModel, paint: Paint): string {
  const rows = reachability(model);
  const names = [...new Set(rows.map((r) => r.from))];
  if (names.length === 0) return 'no containers';
  const cell = (from: string, to: string) => {
    if (from === to) return '\\';
    const r = rows.find((x) => x.from === from && x.to === to)!;
    if (r.via.length > 0) return paint('green', 'yes');
    if (r.blocked.length > 0) return paint('yellow', 'icc off');
    return paint('dim', 'no');
  };
  const grid = columns(['from \\ to', ...names], names.map((a) => [a, ...names.map((b) => cell(a, b))]), paint);
  const via: string[] = [];
  for (const r of rows) {
    if (r.from < r.to && (r.via.length > 0 || r.blocked.length > 0)) {
      via.push(`  ${r.from} <-> ${r.to}: ${[...r.via, ...r.blocked.map((b) => `${b} (icc off: blocked)`)].join(', ')}`);
    }
  }
  return `${grid}\n${via.length > 0 ? `over\n${via.join('\n')}` : 'no two containers share a network'}`;
}

/** The whole report for one stack. */
export function renderText(model: TopologyModel, options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  const out: string[] = [];
  out.push(paint('bold', `Topology of stack ${model.stack} (${model.source === 'declared' ? 'as declared' : 'as read from the engine'})`));
  out.push('');
  for (const h of model.hosts) {
    out.push(hostSection(h, model, paint));
    out.push('');
  }
  if (model.overlays.length > 0 || model.services.length > 0) {
    out.push(paint(['bold', 'cyan'], `== swarm (spans ${[...new Set(model.overlays.flatMap((o) => o.hosts ?? []))].join(', ') || 'the manager'}) ==`));
    out.push('');
    out.push(paint('underline', 'overlay networks'));
    out.push(columns(['NAME', 'DRIVER', 'SCOPE', 'SUBNET', 'HOSTS', 'OPTIONS'], model.overlays.map((n) => [n.name, n.driver, n.scope, subnetText(n), (n.hosts ?? []).join(', '), flags(n)]), paint));
    out.push('');
    for (const n of model.overlays) out.push(inspect(n, membersOf(n.name, model.hosts, model, true), model, paint));
    const svcPorts = model.services.flatMap((s) => s.ports.map((p) => [`${p.hostIp}:${p.hostPort}/${p.protocol}`, '->', `${s.name}:${p.port}`, p.kind]));
    out.push('');
    out.push(paint('underline', 'services'));
    out.push(
      model.services.length === 0
        ? 'none'
        : columns(['NAME', 'REPLICAS', 'ENDPOINT', 'NETWORKS'], model.services.map((s) => [s.name, s.global ? 'global' : String(s.replicas), s.endpointMode, s.networks.map((a) => a.network).join(', ')]), paint),
    );
    if (svcPorts.length > 0) out.push(columns(['HOST (every node)', '', 'SERVICE', 'MODE'], svcPorts, paint));
    out.push('');
  }
  out.push(paint('underline', 'reachability') + '  (who shares a network with whom)');
  out.push(matrix(model, paint));
  out.push('');
  out.push(paint('underline', 'warnings'));
  out.push(
    model.warnings.length === 0
      ? 'none'
      : model.warnings.map((w) => (w.acknowledged !== undefined ? `[${w.path}] acknowledged (${w.acknowledged}): ${w.message}` : paint('yellow', `[${w.path}] ${w.message}`))).join('\n'),
  );
  return `${out.join('\n')}\n`;
}

/** The differences, one line each, or a line saying there are none. */
export function renderDifferences(diffs: readonly Difference[], options: TextOptions = {}): string {
  const paint = painter(options.color ?? false);
  if (diffs.length === 0) return `${paint('green', 'no difference: the engine holds what the stack declares')}\n`;
  const colour: Record<Difference['kind'], Style> = { missing: 'red', extra: 'yellow', changed: 'magenta' };
  const lines = diffs.map((d) => `${paint(colour[d.kind], d.kind.padEnd(7))}  ${d.object.padEnd(10)}  ${d.host ? `[${d.host}] ` : ''}${d.detail}`);
  return `${paint('bold', `${diffs.length} difference${diffs.length === 1 ? '' : 's'} from the declared topology`)}\n${lines.join('\n')}\n`;
}
