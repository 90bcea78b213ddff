import { acceptOrdering, addressOrderCandidates, findCycles, reaches } from '../constructs/private/ordering';

/** The ordering logic is pure graph logic: plain nodes with named edges stand for containers here. */
type N = { name: string; to: N[] };
const graph = (...names: string[]): Record<string, N> => Object.fromEntries(names.map((name) => [name, { name, to: [] }]));
const edges = (n: N) => n.to;
const key = (n: N) => n.name;
const names = (cycles: N[][]) => cycles.map((c) => c.map(key));

describe('findCycles', () => {
  test('none in a DAG', () => {
    const g = graph('a', 'b', 'c');
    g.a.to.push(g.b, g.c);
    g.b.to.push(g.c);
    expect(findCycles(Object.values(g), edges, key)).toEqual([]);
  });

  test('each cycle once, from its first node by key, shortest path; a self-loop is a cycle of one', () => {
    const g = graph('c', 'a', 'b', 'd', 'e');
    g.a.to.push(g.b);
    g.b.to.push(g.c);
    g.c.to.push(g.a);
    g.d.to.push(g.e);
    g.e.to.push(g.d);
    g.e.to.push(g.e);
    expect(names(findCycles(Object.values(g), edges, key))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
      ['e'],
    ]);
  });

  test('a cycle is found whatever order the nodes are given in', () => {
    const g = graph('x', 'y');
    g.y.to.push(g.x);
    g.x.to.push(g.y);
    expect(names(findCycles([g.y, g.x], edges, key))).toEqual([['x', 'y']]);
  });
});

describe('reaches', () => {
  test('follows edges transitively, and terminates on cycles', () => {
    const g = graph('a', 'b', 'c', 'd');
    g.a.to.push(g.b);
    g.b.to.push(g.c, g.a);
    expect(reaches(g.a, g.c, edges)).toBe(true);
    expect(reaches(g.c, g.a, edges)).toBe(false);
    expect(reaches(g.a, g.d, edges)).toBe(false);
    expect(reaches(g.d, g.d, edges)).toBe(true);
  });
});

describe('acceptOrdering', () => {
  test('keeps candidates in order, drops duplicates, self-edges and those that would close a cycle', () => {
    const g = graph('a', 'b', 'c');
    g.c.to.push(g.a); // a fixed reference edge c -> a
    const accepted = acceptOrdering(edges, [
      [g.a, g.b],
      [g.a, g.b],
      [g.b, g.b],
      [g.b, g.c], // a -> b -> c -> a would be a cycle
      [g.a, g.c], // a -> c -> a: a cycle with the fixed edge
      [g.b, g.a], // b -> a -> b: a cycle with the accepted a -> b
    ]);
    expect([...accepted.entries()].map(([from, to]) => [from.name, to.map(key)])).toEqual([['a', ['b']]]);
  });
});

describe('addressOrderCandidates', () => {
  test('each container with a dynamic address waits for every other with a static one on that network, in order', () => {
    const front = {};
    const back = {};
    const roles = new Map<string, { dynamicOn: object[]; staticOn: object[] }>([
      ['a', { dynamicOn: [front, back], staticOn: [] }],
      ['b', { dynamicOn: [], staticOn: [front] }],
      ['c', { dynamicOn: [back], staticOn: [front] }],
      ['d', { dynamicOn: [], staticOn: [back] }],
    ]);
    const candidates = addressOrderCandidates(['a', 'b', 'c', 'd'], (n) => roles.get(n)!);
    expect(candidates).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['a', 'd'],
      ['c', 'd'],
    ]);
  });

  test('a container is never its own candidate', () => {
    const n = {};
    expect(addressOrderCandidates(['a'], () => ({ dynamicOn: [n], staticOn: [n] }))).toEqual([]);
  });
});
