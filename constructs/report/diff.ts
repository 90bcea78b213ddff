/**
 * What differs between the declared topology and the one read from an engine: networks, containers, services
 * and published ports that are missing or extra, and changed subnets, addresses, aliases and membership.
 * Pure: two {@link TopologyModel}s in, a list out.
 */
import { effectiveAddress, parseIpAddress } from '../cidr';
import { AttachmentModel, ContainerModel, NetworkModel, PortModel, TopologyModel } from './model';

/** One difference, from the declared topology's point of view. */
export interface Difference {
  /** `missing`: declared, not on the engine; `extra`: on the engine, not declared; `changed`: both, unlike. */
  readonly kind: 'missing' | 'extra' | 'changed';
  readonly object: 'network' | 'container' | 'attachment' | 'service' | 'port';
  /** The host (alias or `default`); undefined for swarm-wide objects. */
  readonly host?: string;
  /** The object: `network`, `container`, or `container on network`. */
  readonly name: string;
  /** What differs, in words. */
  readonly detail: string;
  /** The container (or service) concerned, if any. */
  readonly container?: string;
  /** The network concerned, if any. */
  readonly network?: string;
}

const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : 'none');
/** Two host addresses the engine binds alike (`::0` and `::`, `::ffff:10.0.0.1` and `10.0.0.1`). */
function sameHostIp(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parseIpAddress(a);
  const y = parseIpAddress(b);
  return x !== undefined && y !== undefined && effectiveAddress(x).text === effectiveAddress(y).text;
}
const portText = (p: PortModel) => `${p.hostIp}:${p.hostPort ?? '*'}->${p.port}/${p.protocol}`;

function compareNetwork(d: NetworkModel, l: NetworkModel, host: string | undefined, out: Difference[]): void {
  const changed = (detail: string) => out.push({ kind: 'changed', object: 'network', host, name: d.name, detail: `network ${d.name}: ${detail}`, network: d.name });
  if (d.driver !== l.driver) changed(`driver ${d.driver} declared, ${l.driver} on the engine`);
  const ds = d.subnets.map((s) => s.subnet);
  const ls = l.subnets.map((s) => s.subnet);
  // Subnets Docker picks (none declared) are not compared.
  if (ds.length > 0 && (ds.some((s) => !ls.includes(s)) || ls.some((s) => !ds.includes(s)))) changed(`subnets ${list(ds)} declared, ${list(ls)} on the engine`);
  for (const s of d.subnets) {
    const m = l.subnets.find((x) => x.subnet === s.subnet);
    if (!m) continue;
    if (s.gateway && m.gateway && s.gateway !== m.gateway) changed(`gateway of ${s.subnet}: ${s.gateway} declared, ${m.gateway} on the engine`);
    if ((s.ipRange ?? '') !== (m.ipRange ?? '')) changed(`ip range of ${s.subnet}: ${s.ipRange ?? 'the whole subnet'} declared, ${m.ipRange ?? 'the whole subnet'} on the engine`);
  }
  if (d.internal !== l.internal) changed(`internal ${d.internal} declared, ${l.internal} on the engine`);
  if (d.icc !== l.icc) changed(`inter-container communication ${d.icc ? 'on' : 'off'} declared, ${l.icc ? 'on' : 'off'} on the engine`);
  if (d.linuxBridge && l.linuxBridge && d.linuxBridge !== l.linuxBridge) changed(`Linux bridge ${d.linuxBridge} declared, ${l.linuxBridge} on the engine`);
  if (d.scope === 'swarm' && d.attachable !== l.attachable) changed(`attachable ${d.attachable} declared, ${l.attachable} on the engine`);
}

function compareAttachments(c: ContainerModel, l: ContainerModel, host: string | undefined, out: Difference[]): void {
  for (const a of c.networks) {
    const m = l.networks.find((x) => x.network === a.network);
    const name = `${c.name} on ${a.network}`;
    if (!m) {
      out.push({ kind: 'missing', object: 'attachment', host, name, detail: `container ${c.name} is not connected to network ${a.network}`, container: c.name, network: a.network });
      continue;
    }
    compareAttachment(a, m, host, name, c.name, out);
  }
  for (const m of l.networks) {
    if (!c.networks.some((a) => a.network === m.network)) {
      out.push({ kind: 'extra', object: 'attachment', host, name: `${c.name} on ${m.network}`, detail: `container ${c.name} is connected to network ${m.network}${m.ipv4 ? ` (${m.ipv4})` : ''}, which the stack does not declare`, container: c.name, network: m.network });
    }
  }
  // A port the engine picks at start (hostPort undefined) matches any host port.
  const matches = (d: PortModel) => l.ports.some((p) => sameHostIp(p.hostIp, d.hostIp) && p.port === d.port && p.protocol === d.protocol && (d.hostPort === undefined || p.hostPort === d.hostPort));
  for (const p of c.ports) if (!matches(p)) out.push({ kind: 'missing', object: 'port', host, name: c.name, detail: `port ${portText(p)} is not published`, container: c.name });
  for (const p of l.ports) {
    const declared = c.ports.some((d) => sameHostIp(d.hostIp, p.hostIp) && d.port === p.port && d.protocol === p.protocol && (d.hostPort === undefined || d.hostPort === p.hostPort));
    if (!declared) out.push({ kind: 'extra', object: 'port', host, name: c.name, detail: `port ${portText(p)} is published but not declared`, container: c.name });
  }
}

function compareAttachment(a: AttachmentModel, m: AttachmentModel, host: string | undefined, name: string, who: string, out: Difference[]): void {
  const changed = (detail: string) => out.push({ kind: 'changed', object: 'attachment', host, name, detail: `${name}: ${detail}`, container: who, network: a.network });
  if (a.ipv4 && a.ipv4 !== m.ipv4) changed(`IPv4 address ${a.ipv4} declared, ${m.ipv4 ?? 'none'} on the engine`);
  if (a.ipv6 && a.ipv6 !== m.ipv6) changed(`IPv6 address ${a.ipv6} declared, ${m.ipv6 ?? 'none'} on the engine`);
  const missing = a.aliases.filter((x) => !m.aliases.includes(x));
  const extra = m.aliases.filter((x) => !a.aliases.includes(x));
  if (missing.length > 0 || extra.length > 0) changed(`aliases ${list(a.aliases)} declared, ${list(m.aliases)} on the engine`);
}

/**
 * The differences between `declared` and `live`. Hosts are matched by name, networks, containers and
 * services by Docker name. Objects on the engine that the stack does not declare count only where they touch
 * it: a container connected to one of its user-defined networks, an attachment or a port of one of its
 * containers. Subnets and addresses Docker picks are not compared.
 */
export function diffTopology(declared: TopologyModel, live: TopologyModel): Difference[] {
  const out: Difference[] = [];
  for (const h of declared.hosts) {
    const lh = live.hosts.find((x) => x.name === h.name);
    if (!lh) {
      out.push({ kind: 'missing', object: 'network', host: h.name, name: h.name, detail: `host ${h.name} was not read` });
      continue;
    }
    for (const n of h.networks) {
      const m = lh.networks.find((x) => x.name === n.name);
      if (!m) out.push({ kind: 'missing', object: 'network', host: h.name, name: n.name, detail: `network ${n.name}${n.subnets.length ? ` (${n.subnets.map((s) => s.subnet).join(', ')})` : ''} is not on the engine`, network: n.name });
      else if (!n.builtin) compareNetwork(n, m, h.name, out);
    }
    for (const c of h.containers) {
      const m = lh.containers.find((x) => x.name === c.name);
      if (!m) out.push({ kind: 'missing', object: 'container', host: h.name, name: c.name, detail: `container ${c.name} is not on the engine`, container: c.name });
      else compareAttachments(c, m, h.name, out);
    }
    // Foreign containers on the stack's own networks (built-in ones are shared with everything else).
    const own = new Set([...h.networks.filter((n) => !n.builtin).map((n) => n.name), ...declared.overlays.map((o) => o.name)]);
    for (const m of lh.containers) {
      if (h.containers.some((c) => c.name === m.name)) continue;
      const on = m.networks.filter((a) => own.has(a.network));
      if (on.length > 0) {
        out.push({ kind: 'extra', object: 'container', host: h.name, name: m.name, detail: `container ${m.name} is connected to ${on.map((a) => `${a.network}${a.ipv4 ? ` (${a.ipv4})` : ''}`).join(', ')} but not declared`, container: m.name });
      }
    }
  }
  for (const o of declared.overlays) {
    const m = live.overlays.find((x) => x.name === o.name);
    if (!m) out.push({ kind: 'missing', object: 'network', name: o.name, detail: `overlay ${o.name} is not on the swarm`, network: o.name });
    else compareNetwork(o, m, undefined, out);
  }
  for (const s of declared.services) {
    const m = live.services.find((x) => x.name === s.name);
    if (!m) {
      out.push({ kind: 'missing', object: 'service', name: s.name, detail: `service ${s.name} is not on the swarm` });
      continue;
    }
    if (Boolean(s.global) !== Boolean(m.global)) {
      out.push({ kind: 'changed', object: 'service', name: s.name, detail: `service ${s.name}: ${s.global ? 'global' : 'replicated'} declared, ${m.global ? 'global' : 'replicated'} on the swarm` });
    } else if (!s.global && s.replicas !== m.replicas) out.push({ kind: 'changed', object: 'service', name: s.name, detail: `service ${s.name}: ${s.replicas} replicas declared, ${m.replicas} on the swarm` });
    const dn = s.networks.map((a) => a.network);
    const ln = m.networks.map((a) => a.network);
    if (dn.some((n) => !ln.includes(n)) || ln.some((n) => !dn.includes(n))) out.push({ kind: 'changed', object: 'service', name: s.name, detail: `service ${s.name}: networks ${list(dn)} declared, ${list(ln)} on the swarm` });
    for (const a of s.networks) {
      const la = m.networks.find((x) => x.network === a.network);
      if (la) compareAttachment(a, la, undefined, `${s.name} on ${a.network}`, s.name, out);
    }
  }
  return out;
}
