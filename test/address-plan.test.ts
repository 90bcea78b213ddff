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
      expect.stringMatching(/^\[test\/plan2\] address plan lock file .* is not valid YAML .*It was left untouched$/),
    ]);
  });

  test('exposes its allocations', () => {
    const { plan } = build(['aa', 'bb']);
    expect(plan.allocations).toEqual({ aa: '10.20.0.0/24', bb: '10.20.1.0/24' });
  });
});

describe('AddressPlan lock file that cannot be used as it is', () => {
  const cases: [string, string][] = [
    ['git merge conflict markers', 'pool: 10.20.0.0/16\nallocations:\n<<<<<<< HEAD\n  aa: 10.20.0.0/24\n=======\n  aa: 10.20.1.0/24\n>>>>>>> other\n'],
    ['corrupt YAML', 'pool: 10.20.0.0/16\nallocations:\n  aa: [10.20.0.0/24\n'],
    ['a YAML list', '- aa: 10.20.0.0/24\n- bb: 10.20.1.0/24\n'],
    ['a bare scalar', 'just text\n'],
    ['allocations as a list', 'pool: 10.20.0.0/16\nallocations:\n  - 10.20.0.0/24\n'],
    ['a value that is a map', 'pool: 10.20.0.0/16\nallocations:\n  aa:\n    cidr: 10.20.0.0/24\n'],
  ];
  test.each(cases)('%s: synth fails naming the file, and the file stays byte-identical', (_what, contents) => {
    const lock = tmpLock(contents);
    const { stack } = build(['aa', 'bb'], lock, true);
    const errors = synthErrors(stack);
    expect(errors.join('\n')).toContain(`[test/plan] address plan lock file ${lock}`);
    expect(errors.join('\n')).toMatch(/It was left untouched/);
    expect(fs.readFileSync(lock, 'utf8')).toBe(contents);
    // A second synth still fails: nothing was rewritten behind the user's back.
    expect(synthErrors(build(['aa', 'bb'], lock, true).stack).length).toBeGreaterThan(0);
    expect(fs.readFileSync(lock, 'utf8')).toBe(contents);
  });

  test('a lockFile path that is a directory is a synth error with the construct path', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-dir-'));
    const { stack } = build(['aa'], dir, true);
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/plan\] address plan lock file .* is not a regular file/)]);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  test('entry problems name the file, the key and its line', () => {
    const contents = [
      'pool: 10.20.0.0/16',
      'allocations:',
      '  aa: 10.20.0.0/24',
      '  bb: 10.20.0.0/25',
      '  cc: 10.99.0.0/24',
      '  dd: 10.20.3.1/24',
      '  ee: nonsense',
      '',
    ].join('\n');
    const lock = tmpLock(contents);
    const errors = synthErrors(build(['aa'], lock, true).stack).join('\n');
    expect(errors).toContain(`lock file ${lock} line 4 (allocation bb): 10.20.0.0/25 overlaps 10.20.0.0/24 of aa (line 3)`);
    expect(errors).toContain(`line 5 (allocation cc): 10.99.0.0/24 is outside the pool 10.20.0.0/16`);
    expect(errors).toContain(`line 6 (allocation dd): 10.20.3.1/24 has host bits set; did you mean 10.20.3.0/24?`);
    expect(errors).toContain(`line 7 (allocation ee): "nonsense" is not a CIDR block`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(contents);
  });

  test('a changed pool is named with the line and the way back', () => {
    const contents = 'pool: 10.30.0.0/16\nallocations:\n  aa: 10.30.0.0/24\n';
    const lock = tmpLock(contents);
    const errors = synthErrors(build(['aa'], lock, true).stack).join('\n');
    expect(errors).toContain(`address plan lock file ${lock} line 1 records pool 10.30.0.0/16, but the plan's pool is 10.20.0.0/16`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(contents);
  });

  test('writes are atomic: no temporary file is left beside the lock', () => {
    const lock = tmpLock();
    subnets(['aa', 'bb'], lock);
    expect(fs.readdirSync(path.dirname(lock))).toEqual(['plan.lock.yaml']);
  });

  test('an empty lock file is an empty lock', () => {
    const lock = tmpLock('');
    expect(subnets(['aa'], lock)).toEqual({ aa: '10.20.0.0/24' });
  });
});
