import { Testing } from 'cdktf';
import { BridgeNetwork, Container } from '../constructs';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { declaredObjects, findForeignEndpoints, findOrphans, main, OnEngine, stateObjects, USAGE } from '../cli/orphans';
import { newStack } from './util';

/** A synthesized stack: two networks and a container, with the library's ownership labels. */
function synthesized() {
  const { stack, host } = newStack();
  const front = new BridgeNetwork(stack, 'front', { name: 'shop-front', subnet: '10.10.1.0/24' });
  new BridgeNetwork(stack, 'back', { name: 'shop-back', subnet: '10.10.2.0/24' });
  new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: front }] });
  return declaredObjects(JSON.parse(Testing.synth(stack, true)));
}

const net = (id: string, name: string, labels: Record<string, string> = {}, endpoints: { id: string; name: string }[] = []): OnEngine => ({
  type: 'docker_network',
  id,
  name,
  labels,
  endpoints,
});
const ctr = (id: string, name: string, labels: Record<string, string> = {}, service?: string): OnEngine => ({ type: 'docker_container', id, name, labels, service });

describe('orphans: what the engine holds of a stack that its state does not', () => {
  test('reads addresses, literal names and construct paths from cdk.tf.json', () => {
    const { stack, declared } = synthesized();
    expect(stack).toBe('test');
    expect(declared.map((d) => [d.type, d.name, d.constructPath])).toEqual([
      ['docker_network', 'shop-back', 'back'],
      ['docker_network', 'shop-front', 'front'],
      ['docker_container', 'shop-web', 'web'],
    ]);
    expect(declared[1].address).toMatch(/^docker_network\.front_network_[0-9A-F]{8}$/);
  });

  test('a labelled network missing from the state is an orphan to import as its declared address; state, builtin and foreign objects are not', () => {
    const { stack, declared } = synthesized();
    const front = declared.find((d) => d.name === 'shop-front')!;
    const back = declared.find((d) => d.name === 'shop-back')!;
    const state = stateObjects({ values: { root_module: { resources: [{ mode: 'managed', type: 'docker_network', address: front.address, values: { id: 'n1' } }] } } });
    const engine = [
      net('n1', 'shop-front', { 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/path': 'front' }),
      net('n2', 'renamed-by-hand', { 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/path': 'back' }),
      net('n3', 'bridge'),
      net('n4', 'someone-elses', { 'docker-network-cdktf/stack': 'other' }),
      ctr('c9', 'unrelated'),
    ];
    expect(findOrphans(stack, declared, state, engine)).toEqual([{ object: engine[1], address: back.address, by: 'ownership label' }]);
  });

  test('without labels (ownershipLabels: false, or 0.1.x) an object with a declared name is an orphan, found by name', () => {
    const { stack, declared } = synthesized();
    const engine = [ctr('c1', 'shop-web'), net('n2', 'shop-back')];
    const found = findOrphans(stack, declared, [], engine);
    expect(found.map((o) => [o.object.name, o.by, o.address?.split('.')[0]])).toEqual([
      ['shop-web', 'name', 'docker_container'],
      ['shop-back', 'name', 'docker_network'],
    ]);
  });

  test('an orphan whose resource is already in the state (under another id) has nothing to import as', () => {
    const { stack, declared } = synthesized();
    const back = declared.find((d) => d.name === 'shop-back')!;
    const state = [{ type: 'docker_network' as const, address: back.address, id: 'n-current' }];
    const [o] = findOrphans(stack, declared, state, [net('n-current', 'shop-back'), net('n-old', 'x', { 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/path': 'back' })]);
    expect(o).toMatchObject({ object: { id: 'n-old' }, address: undefined, by: 'ownership label' });
  });
});

describe('check-destroy: foreign endpoints on the stack networks', () => {
  test('names a container the stack does not manage; its own containers and its services tasks are fine', () => {
    const state = [
      { type: 'docker_network' as const, address: 'docker_network.front', id: 'n1' },
      { type: 'docker_container' as const, address: 'docker_container.web', id: 'c1' },
    ];
    const engine = [
      net('n1', 'shop-front', {}, [
        { id: 'c1', name: 'shop-web' },
        { id: 'c2', name: 'intruder' },
        { id: 'c3', name: 'svc.1.abc' },
      ]),
      ctr('c1', 'shop-web'),
      ctr('c2', 'intruder'),
      ctr('c3', 'svc.1.abc', {}, 'svc-id'),
    ];
    expect(findForeignEndpoints(state, engine, ['svc-id'])).toEqual([{ network: { name: 'shop-front', address: 'docker_network.front' }, container: { id: 'c2', name: 'intruder' } }]);
    expect(findForeignEndpoints(state, engine.slice(0, 3).concat(ctr('c3', 'svc.1.abc', {}, 'svc-id')), [])).toHaveLength(2);
  });
});

describe('the command', () => {
  test('a directory without cdk.tf.json: exit status 2, and the message says which directory to pass', () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main([os.tmpdir()])).toBe(2);
      expect(err.mock.calls[0][0]).toMatch(/no cdk\.tf\.json in .*cdktf\.out\/stacks\/<stack>/);
    } finally {
      err.mockRestore();
    }
  });
});

/** `npm run orphans -- ...` as npm runs it: in the package root, with the user's directory in INIT_CWD. */
function orphans(args: string[], env: NodeJS.ProcessEnv) {
  const root = path.join(__dirname, '..');
  return spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['cli/orphans.ts', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

describe('the command as npm runs it', () => {
  const user = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-orphans-'));
  afterAll(() => fs.rmSync(user, { recursive: true, force: true }));

  test('--help and -h: the usage with every exit status on stdout, exit 0; wrong arguments: usage on stderr, exit 64', () => {
    for (const flag of ['--help', '-h']) {
      const r = orphans([flag], {});
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(USAGE);
      expect(r.stderr).toBe('');
    }
    expect(USAGE).toMatch(/0 .*\n.*1 .*\n.*2 .*\n.*3 .*\n.*64 /);
    const bad = orphans(['a', 'b'], {});
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('one stack directory at a time (got a, b)');
    expect(bad.stdout).toBe('');
    expect(orphans(['x', '--adopt', '--remove'], {}).status).toBe(64);
  }, 60_000);

  test('a relative stack dir is taken from INIT_CWD; an unreadable TF_CLI_CONFIG_FILE gives one note, not Terraform\'s warning', () => {
    fs.mkdirSync(path.join(user, 'stack'));
    fs.writeFileSync(path.join(user, 'stack', 'cdk.tf.json'), '{}');
    const missing = path.join(user, 'missing.rc');
    const r = orphans(['stack'], { INIT_CWD: user, TF_CLI_CONFIG_FILE: missing, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    // It found the stack (not "no cdk.tf.json in <repo>/stack"), ran terraform show there, then could not reach the engine.
    expect(r.stderr).not.toContain('no cdk.tf.json');
    expect(r.stderr).toContain('cannot read the engine unix:///nonexistent/docker.sock');
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('note: '))).toEqual([`note: TF_CLI_CONFIG_FILE=${missing} cannot be read; running terraform without it (its default CLI config, ~/.terraformrc if any)`]);
    expect(r.stderr).not.toContain('Unable to open CLI configuration file');
  }, 60_000);
});
