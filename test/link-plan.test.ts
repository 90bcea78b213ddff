import { incomingAliases, planLink, readsTargetAddress, sharesNamespace } from '../constructs/private/link-plan';

/** Link planning is pure over the networks of both ends: plain objects stand for networks here. */
const net = (networkName: string, kind = 'bridge', dns = kind === 'bridge' || kind === 'overlay') => ({ networkName, kind, dns });

describe('planLink', () => {
  const front = net('front');
  const back = net('back');
  const docker0 = net('bridge', 'default-bridge', false);
  const host = net('host', 'host', false);
  const none = net('none', 'none', false);

  test('a shared user-defined network: DNS there, the first shared in the target\'s order', () => {
    expect(planLink([front, back], [back, front])).toEqual({ kind: 'dns', network: back });
    expect(planLink([front], [front])).toEqual({ kind: 'dns', network: front });
  });

  test('a user-defined network wins over docker0 when both are shared', () => {
    expect(planLink([docker0, front], [docker0, front])).toEqual({ kind: 'dns', network: front });
  });

  test('docker0 only: a hosts entry', () => {
    expect(planLink([docker0], [docker0])).toEqual({ kind: 'hosts', network: docker0 });
  });

  test('no shared network, or host/none at either end: none, with the reason', () => {
    expect(planLink([front], [back])).toEqual({ kind: 'none', reason: 'they share no network' });
    expect(planLink([host], [front])).toEqual({ kind: 'none', reason: 'a container on the host network cannot be linked' });
    expect(planLink([front], [none])).toEqual({ kind: 'none', reason: 'a container on the none network cannot be linked' });
    expect(planLink([], [])).toEqual({ kind: 'none', reason: 'they share no network' });
  });

  test('sharesNamespace: host and none only', () => {
    expect([front, docker0, host, none, net('o', 'overlay')].map(sharesNamespace)).toEqual([false, false, true, true, false]);
  });
});

describe('incomingAliases', () => {
  test('DNS-planned links add their alias on their network, in order; others add nothing', () => {
    const a = net('a');
    const b = net('b');
    const aliases = incomingAliases([
      { alias: 'db', plan: { kind: 'dns', network: a } },
      { alias: 'x', plan: { kind: 'hosts', network: b } },
      { alias: 'y', plan: { kind: 'none', reason: '' } },
      { alias: 'database', plan: { kind: 'dns', network: a } },
      { alias: 'pg', plan: { kind: 'dns', network: b } },
    ]);
    expect([...aliases.entries()]).toEqual([
      [a, ['db', 'database']],
      [b, ['pg']],
    ]);
  });
});

describe('readsTargetAddress', () => {
  const n = net('n');
  test('a hosts entry always reads the target address; link variables only without a static one', () => {
    expect(readsTargetAddress({ kind: 'hosts', network: n }, false, undefined)).toBe(true);
    expect(readsTargetAddress({ kind: 'hosts', network: n }, false, '10.0.0.5')).toBe(true);
    expect(readsTargetAddress({ kind: 'dns', network: n }, false, undefined)).toBe(false);
    expect(readsTargetAddress({ kind: 'dns', network: n }, true, undefined)).toBe(true);
    expect(readsTargetAddress({ kind: 'dns', network: n }, true, '10.0.0.5')).toBe(false);
    expect(readsTargetAddress({ kind: 'none', reason: '' }, true, undefined)).toBe(false);
  });
});
