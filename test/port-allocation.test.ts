import { Construct } from 'constructs';
import { Exposure, HostInterface, Port } from '../constructs';
import { NODE_PORT_RANGE } from '../constructs/exposure';
import type { ExposedPort } from '../constructs/private/exposed-port';
import { allocateHostPorts, hostPortProblems } from '../constructs/private/port-allocation';

/** Port allocation is pure over the published ports of one host: bare constructs stand for their owners. */
const root = new Construct(undefined as unknown as Construct, '');
let n = 0;
function published(containerName: string, port: Port, exposure: Exposure): ExposedPort {
  const owner = Object.assign(new Construct(root, `c${n++}`), { containerName });
  return { owner, port, exposure };
}

describe('allocateHostPorts', () => {
  test('fixed ports as given; published without one left to the engine', () => {
    const fixed = published('web', Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    const engine = published('web', Port.tcp(81), Exposure.published());
    const { ports, problems } = allocateHostPorts([fixed, engine]);
    expect(ports.get(fixed)).toBe(8080);
    expect(ports.get(engine)).toBeUndefined();
    expect(problems.size).toBe(0);
  });

  test('node ports: in range, stable, independent of declaration order, and never a taken port', () => {
    const a = published('a', Port.tcp(80), Exposure.nodePort());
    const b = published('b', Port.tcp(80), Exposure.nodePort());
    const one = allocateHostPorts([a, b]).ports;
    const two = allocateHostPorts([b, a]).ports;
    expect(one.get(a)).toBe(two.get(a));
    expect(one.get(b)).toBe(two.get(b));
    for (const p of [one.get(a)!, one.get(b)!]) expect(p >= NODE_PORT_RANGE.min && p <= NODE_PORT_RANGE.max).toBe(true);
    // A fixed port on the one a node port would take pushes it to the next free one.
    const fixed = published('x', Port.tcp(1), Exposure.nodePort({ hostPort: one.get(a)! }));
    const again = allocateHostPorts([fixed, a]).ports;
    expect(again.get(a)).not.toBe(one.get(a));
  });

  test('the same number on another protocol is free', () => {
    const t = published('a', Port.tcp(53), Exposure.nodePort());
    const u = published('a', Port.udp(53), Exposure.nodePort());
    const fixedTcp = published('z', Port.tcp(1), Exposure.nodePort({ hostPort: allocateHostPorts([u]).ports.get(u)! }));
    const { ports } = allocateHostPorts([fixedTcp, t, u]);
    expect(ports.get(u)).toBe(allocateHostPorts([u]).ports.get(u));
  });
});

describe('hostPortProblems', () => {
  test('a clash on one interface, and on the unspecified address against any other', () => {
    const a = published('a', Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    const b = published('b', Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    const c = published('c', Port.tcp(80), Exposure.published({ hostPort: 9090, hostInterface: HostInterface.address('10.0.0.1') }));
    const d = published('d', Port.tcp(80), Exposure.published({ hostPort: 9090, hostInterface: HostInterface.allInterfaces() }));
    const list = [a, b, c, d];
    const problems = hostPortProblems(list, allocateHostPorts(list), 'default');
    expect(problems.map(([e]) => e)).toEqual([b, d]);
    expect(problems[0][1]).toMatch(/8080/);
  });

  test('node ports outside the range, and invalid host ports', () => {
    const low = published('a', Port.tcp(80), Exposure.nodePort({ hostPort: 8080 }));
    const bad = published('b', Port.tcp(80), Exposure.published({ hostPort: 70000 }));
    const list = [low, bad];
    const problems = hostPortProblems(list, allocateHostPorts(list), 'default');
    expect(problems.map(([e]) => e)).toEqual([low, bad]);
  });
});
