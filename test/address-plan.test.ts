import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AddressPlan, BridgeNetwork } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

function tmpLock(contents?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
  const file = path.join(dir, 'plan.lock.yaml');
  if (contents !== undefined) fs.writeFileSync(file, contents);
  return file;
}

// Tests choose the lock mode explicitly, so they pass with and without CI set.
function build(keys: string[], lockFile?: string, updateLockFile = true) {
  const { stack } = newStack();
  const plan = new AddressPlan(stack, 'plan', { pool: '10.20.0.0/16', lockFile, updateLockFile });
  for (const k of keys) new BridgeNetwork(stack, `${k}-net`, { name: k, subnet: plan.allocate(k) });
  return { stack, plan };
}

function subnets(keys: string[], lockFile?: string): Record<string, string> {
  const { stack } = build(keys, lockFile);
  const json = synth(stack);
  return Object.fromEntries(keys.map((k) => [k, resourceNamed(json, 'docker_network', k).ipam_config[0].subnet]));
}

describe('AddressPlan', () => {
  test('without a lock file, appending is stable but inserting moves later networks', () => {
    expect(subnets(['aa', 'bb'])).toEqual({ aa: '10.20.0.0/24', bb: '10.20.1.0/24' });
    expect(subnets(['aa', 'bb', 'cc'])).toMatchObject({ aa: '10.20.0.0/24', bb: '10.20.1.0/24' });
    expect(subnets(['aa', 'new', 'bb'])).toMatchObject({ bb: '10.20.2.0/24' });
  });

  test('with a lock file, a network inserted in the middle moves nothing', () => {
    const lock = tmpLock();
    const before = subnets(['frontend', 'backend', 'metrics'], lock);
    expect(fs.readFileSync(lock, 'utf8')).toContain('frontend: 10.20.0.0/24');
    const after = subnets(['frontend', 'cache', 'backend', 'metrics'], lock);
    expect(after).toEqual({ ...before, cache: '10.20.3.0/24' });
    expect(fs.readFileSync(lock, 'utf8')).toContain('cache: 10.20.3.0/24');
  });

  test('a removed network keeps its block reserved until its line is deleted', () => {
    const lock = tmpLock();
    subnets(['aa', 'bb', 'cc'], lock);
    expect(subnets(['aa', 'cc', 'dd'], lock)).toEqual({ aa: '10.20.0.0/24', cc: '10.20.2.0/24', dd: '10.20.3.0/24' });
  });

  test('in verify mode (CI), a lock file missing a key fails synth and is not written', () => {
    const lock = tmpLock('pool: 10.20.0.0/16\nallocations:\n  aa: 10.20.0.0/24\n');
    const { stack } = build(['aa', 'bb'], lock, false);
    expect(synthErrors(stack)).toEqual([
      `[test/plan] address plan lock file ${lock} does not record bb; run \`cdktf synth\` without CI=true (or set updateLockFile: true) and commit the file`,
    ]);
    expect(fs.readFileSync(lock, 'utf8')).not.toContain('bb');
  });

  test('an up-to-date lock passes verify mode', () => {
    const lock = tmpLock('allocations:\n  aa: 10.20.5.0/24\n');
    const { stack } = build(['aa'], lock, false);
    expect(resourceNamed(synth(stack), 'docker_network', 'aa').ipam_config[0].subnet).toBe('10.20.5.0/24');
  });

  test('a pool too small for the requested networks fails synth with the numbers', () => {
    const { stack } = newStack();
    const plan = new AddressPlan(stack, 'plan', { pool: '10.20.0.0/23' });
    for (const k of ['aa', 'bb', 'cc', 'dd']) new BridgeNetwork(stack, k, { subnet: plan.allocate(k) });
    expect(synthErrors(stack)).toEqual([
      '[test/plan] the pool 10.20.0.0/23 has no free /24 left for cc (2 fit in all, 2 allocated, 0 reserved); use a larger pool or a longer prefix',
      '[test/plan] the pool 10.20.0.0/23 has no free /24 left for dd (2 fit in all, 2 allocated, 0 reserved); use a larger pool or a longer prefix',
    ]);
  });

  test('an invalid pool and a broken lock file are reported', () => {
    const { stack } = newStack();
    new AddressPlan(stack, 'plan', { pool: '10.20.0.1/16' });
    new AddressPlan(stack, 'plan2', { pool: '10.20.0.0/16', lockFile: tmpLock('allocations: [1, 2') });
    expect(synthErrors(stack)).toEqual([
      '[test/plan] pool: 10.20.0.1/16 has host bits set; did you mean 10.20.0.0/16?',
      expect.stringMatching(/^\[test\/plan2\] lock file .* cannot be read: .*; fix or delete it/),
    ]);
  });

  test('exposes its allocations', () => {
    const { plan } = build(['aa', 'bb']);
    expect(plan.allocations).toEqual({ aa: '10.20.0.0/24', bb: '10.20.1.0/24' });
  });
});
