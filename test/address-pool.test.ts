import fc from 'fast-check';
import { AddressPool, findOverlaps } from '../constructs/address-pool';
import { Cidr } from '../constructs/cidr';

describe('AddressPool', () => {
  test('hands out the lowest free block first, in request order', () => {
    const pool = new AddressPool('10.20.0.0/16');
    expect(pool.allocate('a', 24).toString()).toBe('10.20.0.0/24');
    expect(pool.allocate('b', 24).toString()).toBe('10.20.1.0/24');
    expect(pool.allocate('c', 23).toString()).toBe('10.20.2.0/23');
    expect(pool.allocate('d', 24).toString()).toBe('10.20.4.0/24');
    expect(pool.allocate('a', 24).toString()).toBe('10.20.0.0/24');
  });

  test('keeps reserved keys in place and skips their blocks for others', () => {
    const pool = new AddressPool('10.20.0.0/16', { reservations: { backend: '10.20.1.0/24' } });
    expect(pool.allocate('frontend', 24).toString()).toBe('10.20.0.0/24');
    expect(pool.allocate('cache', 24).toString()).toBe('10.20.2.0/24');
    expect(pool.allocate('backend', 24).toString()).toBe('10.20.1.0/24');
    expect(pool.newKeys).toEqual(['frontend', 'cache']);
  });

  test('aligns larger blocks after smaller ones', () => {
    const pool = new AddressPool('10.0.0.0/24');
    expect(pool.allocate('small', 28).toString()).toBe('10.0.0.0/28');
    expect(pool.allocate('big', 25).toString()).toBe('10.0.0.128/25');
    expect(pool.allocate('small2', 28).toString()).toBe('10.0.0.16/28');
  });

  test('skips excluded ranges', () => {
    const pool = new AddressPool('172.16.0.0/12', { exclude: ['172.17.0.0/16'] });
    expect(pool.allocate('a', 16).toString()).toBe('172.16.0.0/16');
    expect(pool.allocate('b', 16).toString()).toBe('172.18.0.0/16');
  });

  test('says how full the pool is when it runs out', () => {
    const pool = new AddressPool('10.0.0.0/23');
    pool.allocate('a', 24);
    pool.allocate('b', 24);
    expect(() => pool.allocate('c', 24)).toThrow(/the pool 10.0.0.0\/23 has no free \/24 left for c \(2 fit in all, 2 allocated, 0 reserved\); use a larger pool or a longer prefix/);
  });

  test('rejects a prefix that does not fit and a reservation outside the pool', () => {
    expect(() => new AddressPool('10.0.0.0/16').allocate('a', 8)).toThrow(/use a prefix length between \/16 and \/32/);
    expect(() => new AddressPool('10.0.0.0/16', { reservations: { x: '10.1.0.0/24' } })).toThrow(/outside the pool/);
    expect(() => new AddressPool('10.0.0.0/16', { reservations: { x: '10.0.0.0/24', y: '10.0.0.0/25' } })).toThrow(/overlap/);
    expect(() => new AddressPool('10.0.0.0/16', { reservations: { x: '10.0.0.0/24' } }).allocate('x', 25)).toThrow(/reserved as 10.0.0.0\/24 but \/25 was requested/);
  });

  test('works for IPv6', () => {
    const pool = new AddressPool('fd00:20::/48');
    expect(pool.allocate('a', 64).toString()).toBe('fd00:20::/64');
    expect(pool.allocate('b', 64).toString()).toBe('fd00:20:0:1::/64');
  });

  const keys = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 40 });
  const requests = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.integer({ min: 20, max: 28 })), {
    selector: (r) => r[0],
    minLength: 1,
    maxLength: 60,
  });

  test('property: allocations are inside the pool, aligned and never overlap', () => {
    fc.assert(
      fc.property(requests, (reqs) => {
        const pool = new AddressPool('10.0.0.0/16');
        const got: Cidr[] = [];
        for (const [key, prefix] of reqs) {
          try {
            got.push(pool.allocate(key, prefix));
          } catch {
            // exhausted: fine, as long as what was handed out is sound
          }
        }
        for (const c of got) {
          expect(pool.pool.containsCidr(c)).toBe(true);
          expect(c.network % c.size).toBe(0n);
        }
        expect(findOverlaps(got)).toEqual([]);
      }),
    );
  });

  test('property: with earlier allocations reserved, inserting a key anywhere moves no existing key', () => {
    fc.assert(
      fc.property(keys, fc.string({ minLength: 7, maxLength: 8 }), fc.nat(), (existing, added, at) => {
        const first = new AddressPool('10.20.0.0/16');
        const before = new Map(existing.map((k) => [k, first.allocate(k, 24).toString()]));
        const reservations = Object.fromEntries(before);
        const order = [...existing];
        order.splice(at % (order.length + 1), 0, added);
        const second = new AddressPool('10.20.0.0/16', { reservations });
        const after = new Map(order.map((k) => [k, second.allocate(k, 24).toString()]));
        for (const [k, v] of before) expect(after.get(k)).toBe(v);
        expect([...before.values()]).not.toContain(after.get(added));
      }),
    );
  });

  test('property: allocation is deterministic', () => {
    fc.assert(
      fc.property(requests, (reqs) => {
        const run = () => {
          const pool = new AddressPool('10.0.0.0/12');
          return reqs.map(([k, p]) => pool.allocate(k, p).toString());
        };
        expect(run()).toEqual(run());
      }),
    );
  });
});

describe('findOverlaps', () => {
  test('finds every overlapping pair once, nested blocks included', () => {
    const cidrs = ['10.0.0.0/16', '10.1.0.0/16', '10.0.3.0/24', 'fd00::/8', '10.0.3.128/25', '10.0.0.0/8'].map((c) => Cidr.parse(c));
    expect(findOverlaps(cidrs)).toEqual([
      { a: 0, b: 2 },
      { a: 0, b: 4 },
      { a: 0, b: 5 },
      { a: 1, b: 5 },
      { a: 2, b: 4 },
      { a: 2, b: 5 },
      { a: 4, b: 5 },
    ]);
  });

  test('property: agrees with the pairwise check', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 26 })).map(([third, prefix]) => {
      const base = (10n << 24n) | (BigInt(third) << 8n);
      const size = 1n << BigInt(32 - prefix);
      return Cidr.fromNetwork(4, (base / size) * size, prefix);
    });
    fc.assert(
      fc.property(fc.array(cidr, { maxLength: 30 }), (cidrs) => {
        const expected = [];
        for (let a = 0; a < cidrs.length; a++) for (let b = a + 1; b < cidrs.length; b++) if (cidrs[a].overlaps(cidrs[b])) expected.push({ a, b });
        expect(findOverlaps(cidrs)).toEqual(expected);
      }),
    );
  });
});
