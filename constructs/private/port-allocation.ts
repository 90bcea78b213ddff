import { Token } from 'cdktf';
import { Errors } from '../errors';
import { HostInterface, NODE_PORT_RANGE } from '../exposure';
import type { ExposedPort } from './exposed-port';
import { fnv1a } from './hash';

/** Host ports of the published ports of one host, and the ports that found none. */
export interface PortAllocation {
  readonly ports: Map<ExposedPort, number | undefined>;
  readonly problems: Map<ExposedPort, string>;
}

/**
 * Fixed host ports first; then node ports without one, each at a port derived from its container name and port
 * (FNV-1a), probing upwards, in sorted order of that key, so the result depends on the set of ports, not on
 * declaration order. Pure: test/port-allocation.test.ts.
 */
export function allocateHostPorts(published: readonly ExposedPort[]): PortAllocation {
  const ports = new Map<ExposedPort, number | undefined>();
  const problems = new Map<ExposedPort, string>();
  const taken = new Set<string>();
  const key = (proto: string, port: number) => `${proto}/${port}`;
  for (const e of published) {
    const fixed = e.exposure._options.hostPort;
    ports.set(e, fixed);
    if (fixed !== undefined) taken.add(key(e.port.protocol, fixed));
  }
  const size = NODE_PORT_RANGE.max - NODE_PORT_RANGE.min + 1;
  const auto = published
    .filter((e) => e.exposure.kind === 'node-port' && e.exposure._options.hostPort === undefined)
    .map((e) => ({ e, k: `${e.owner.containerName ?? e.owner.node.path}/${e.port}` }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  for (const { e, k } of auto) {
    const start = fnv1a(k) % size;
    let chosen: number | undefined;
    for (let i = 0; i < size; i++) {
      const candidate = NODE_PORT_RANGE.min + ((start + i) % size);
      if (!taken.has(key(e.port.protocol, candidate))) {
        chosen = candidate;
        break;
      }
    }
    if (chosen === undefined) problems.set(e, Errors.nodePortsExhausted(e.port.toString()));
    else taken.add(key(e.port.protocol, chosen));
    ports.set(e, chosen);
  }
  return { ports, problems };
}

/**
 * The problems of the allocated ports of host `hostName`, in declaration order: exhausted node ports, node ports
 * outside the range, invalid host ports, and clashes on (interface, port, protocol); the unspecified address
 * (0.0.0.0, ::, however written) covers every address.
 */
export function hostPortProblems(published: readonly ExposedPort[], allocation: PortAllocation, hostName: string): [ExposedPort, string][] {
  const out: [ExposedPort, string][] = [...allocation.problems];
  const claimed: { e: ExposedPort; port: number }[] = [];
  for (const e of published) {
    const port = allocation.ports.get(e);
    if (port === undefined) continue;
    if (Token.isUnresolved(port)) {
      // A token: not range-checked; the same token twice is still a clash (it encodes to the same number).
    } else if (e.exposure.kind === 'node-port' && (port < NODE_PORT_RANGE.min || port > NODE_PORT_RANGE.max)) out.push([e, Errors.nodePortRange(port)]);
    else if (!Number.isInteger(port) || port < 1 || port > 65535) out.push([e, Errors.badPort(`${port} (host port)`)]);
    const ip = e.exposure.hostInterface.ip;
    const clash = claimed.find((c) => c.port === port && c.e.port.protocol === e.port.protocol && sameSocket(c.e.exposure.hostInterface, e.exposure.hostInterface));
    if (clash) out.push([e, Errors.portClash(ip, port, e.port.protocol, hostName, clash.e.owner.node.path)]);
    claimed.push({ e, port });
  }
  return out;
}

/**
 * True when two host interfaces cannot hold one port at once: the same address however written, or the unspecified
 * address and any other. Across families too: docker-proxy before Docker 27 listens on a dual-stack socket for
 * `0.0.0.0`, which holds the port on every IPv6 address as well.
 */
function sameSocket(a: HostInterface, b: HostInterface): boolean {
  const x = a._key;
  const y = b._key;
  return x.value === y.value || x.every || y.every;
}
