import fc from 'fast-check';
import { planTierNetworks } from '../constructs/tier-plan';

describe('planTierNetworks', () => {
  test('a chain edge-app-data needs two networks, app on both', () => {
    expect(planTierNetworks(['edge', 'app', 'data'], [['app', 'edge'], ['data', 'app']]).networks).toEqual([
      ['app', 'data'],
      ['app', 'edge'],
    ]);
  });

  test('a triangle is one network; an isolated tier gets its own', () => {
    expect(planTierNetworks(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['a', 'c']]).networks).toEqual([['a', 'b', 'c'], ['d']]);
  });

  test('a star of four leaves needs four networks, not one', () => {
    const leaves = ['l1', 'l2', 'l3', 'l4'];
    expect(planTierNetworks(['hub', ...leaves], leaves.map((l) => ['hub', l] as [string, string])).networks).toHaveLength(4);
  });

  test('rejects unknown tiers', () => {
    expect(() => planTierNetworks(['a'], [['a', 'b']])).toThrow(/unknown tier/);
  });

  const graph = fc
    .integer({ min: 1, max: 7 })
    .chain((n) =>
      fc.record({
        tiers: fc.constant(Array.from({ length: n }, (_, i) => `t${i}`)),
        edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 15 }),
      }),
    );

  test('property: two tiers share a network exactly when allowed, and every tier is on one', () => {
    fc.assert(
      fc.property(graph, ({ tiers, edges }) => {
        const allowed = edges.map(([a, b]) => [tiers[a], tiers[b]] as [string, string]);
        const { networks } = planTierNetworks(tiers, allowed);
        const may = (a: string, b: string) => allowed.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
        for (const a of tiers) {
          expect(networks.some((n) => n.includes(a))).toBe(true);
          for (const b of tiers) {
            if (a === b) continue;
            expect(networks.some((n) => n.includes(a) && n.includes(b))).toBe(may(a, b));
          }
        }
        // never more networks than allowed pairs plus isolated tiers
        const isolated = tiers.filter((t) => !allowed.some(([x, y]) => (x === t || y === t) && x !== y)).length;
        const pairs = new Set(allowed.filter(([x, y]) => x !== y).map(([x, y]) => [x, y].sort().join())).size;
        expect(networks.length).toBeLessThanOrEqual(pairs + isolated);
      }),
    );
  });
});
