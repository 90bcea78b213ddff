import { TerraformStack, Testing } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, HostEndpoint, TlsMaterial } from '../constructs';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { declaredObjects, deploymentId, findForeignEndpoints, findOrphans, main, OnEngine, stateObjects, USAGE } from '../cli/orphans';
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

const OURS = { stack: 'test', deployment: 'dep-1' };
const ours = (p: string, deployment = 'dep-1') => ({ 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/deployment': deployment, 'docker-network-cdktf/path': p });

describe('orphans: what the engine holds of this deployment that its state does not', () => {
  test('reads addresses, literal names, construct paths and the deployment resource from cdk.tf.json', () => {
    const { stack, declared, deploymentAddress } = synthesized();
    expect(stack).toBe('test');
    expect(deploymentAddress).toBe('terraform_data.docker-network-cdktf-deployment');
    expect(declared.map((d) => [d.type, d.name, d.constructPath])).toEqual([
      ['docker_network', 'shop-back', 'back'],
      ['docker_network', 'shop-front', 'front'],
      ['docker_container', 'shop-web', 'web'],
    ]);
    expect(declared[1].address).toMatch(/^docker_network\.front_network_[0-9A-F]{8}$/);
  });

  test('the deployment id is read from the state; none when the state does not hold the resource', () => {
    const show = { values: { root_module: { resources: [{ mode: 'managed', type: 'terraform_data', address: 'terraform_data.docker-network-cdktf-deployment', values: { id: 'dep-1' } }] } } };
    expect(deploymentId(show, 'terraform_data.docker-network-cdktf-deployment')).toBe('dep-1');
    expect(deploymentId({}, 'terraform_data.docker-network-cdktf-deployment')).toBeUndefined();
    expect(deploymentId(show, undefined)).toBeUndefined();
  });

  test('an object with this stack\'s and this deployment\'s labels, missing from the state, is an orphan to import as its declared address; state and builtin objects are not', () => {
    const { declared } = synthesized();
    const front = declared.find((d) => d.name === 'shop-front')!;
    const back = declared.find((d) => d.name === 'shop-back')!;
    const state = stateObjects({ values: { root_module: { resources: [{ mode: 'managed', type: 'docker_network', address: front.address, values: { id: 'n1' } }] } } });
    const engine = [net('n1', 'shop-front', ours('front')), net('n2', 'renamed-by-hand', ours('back')), net('n3', 'bridge'), ctr('c9', 'unrelated')];
    expect(findOrphans(OURS, declared, state, engine)).toEqual({ orphans: [{ object: engine[1], address: back.address }], unproven: [] });
  });

  test('another deployment of the same stack (another team, another checkout) is never an orphan; with a declared name it is listed as unproven', () => {
    const { declared } = synthesized();
    const engine = [net('n2', 'shop-back', ours('back', 'dep-2')), ctr('c2', 'other-web', ours('web', 'dep-2'))];
    const { orphans, unproven } = findOrphans(OURS, declared, [], engine);
    expect(orphans).toEqual([]);
    expect(unproven.map((u) => [u.object.id, u.reason])).toEqual([['n2', expect.stringMatching(/^another deployment of stack test \(deployment "dep-2"\); has the name of docker_network\./)]]);
  });

  test('objects of another stack or of Docker Compose are never orphans, whatever other labels they carry', () => {
    const { declared } = synthesized();
    const engine = [
      net('n1', 'shop-front', { 'docker-network-cdktf/stack': 'payments' }),
      ctr('c1', 'shop-web', { ...ours('web'), 'com.docker.compose.project': 'shop' }),
      net('n3', 'elsewhere', { 'docker-network-cdktf/stack': 'payments' }),
      ctr('c4', 'compose-thing', { 'com.docker.compose.project': 'x' }),
    ];
    const { orphans, unproven } = findOrphans(OURS, declared, [], engine);
    expect(orphans).toEqual([]);
    expect(unproven.map((u) => [u.object.id, u.reason.split(';')[0]])).toEqual([
      ['n1', 'labelled by another stack ("payments")'],
      ['c1', 'made by Docker Compose (project "shop")'],
    ]);
  });

  test('without the deployment label (ownershipLabels: false, 0.2.x, by hand) an object with a declared name or the stack label is unproven, never an orphan', () => {
    const { declared } = synthesized();
    const engine = [ctr('c1', 'shop-web'), net('n2', 'shop-back'), net('n3', 'old', { 'docker-network-cdktf/stack': 'test', 'docker-network-cdktf/path': 'back' })];
    const { orphans, unproven } = findOrphans(OURS, declared, [], engine);
    expect(orphans).toEqual([]);
    expect(unproven.map((u) => [u.object.id, u.reason.split(';')[0]])).toEqual([
      ['c1', 'no ownership labels'],
      ['n2', 'no ownership labels'],
      ['n3', 'carries the stack label but no deployment label (made before 0.3.0, or by hand)'],
    ]);
  });

  test('an orphan whose resource is already in the state (under another id) has nothing to import as', () => {
    const { declared } = synthesized();
    const back = declared.find((d) => d.name === 'shop-back')!;
    const state = [{ type: 'docker_network' as const, address: back.address, id: 'n-current' }];
    const { orphans } = findOrphans(OURS, declared, state, [net('n-current', 'shop-back', ours('back')), net('n-old', 'x', ours('back'))]);
    expect(orphans).toEqual([{ object: expect.objectContaining({ id: 'n-old' }), address: undefined }]);
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
  test('a directory without cdk.tf.json: exit status 1, and the message says which directory to pass', () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => void err.push(t), cwd: os.tmpdir(), env: {}, stdoutTty: false, progressTty: false };
    expect(main([os.tmpdir()], io)).toBe(1);
    expect(err[0]).toMatch(/no cdk\.tf\.json in .*cdktf\.out\/stacks\/<stack>/);
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

  test('--help and -h: the usage with every exit status on stdout, exit 0; wrong arguments: usage on stderr, exit 2', () => {
    for (const flag of ['--help', '-h']) {
      const r = orphans([flag], {});
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(USAGE);
      expect(r.stderr).toBe('');
    }
    expect(USAGE).toMatch(/0 .*\n.*1 .*\n.*2 .*\n.*3 .*\n.*\n.*4 /);
    const bad = orphans(['a', 'b'], {});
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('one stack directory at a time (got a, b)');
    expect(bad.stdout).toBe('');
    expect(orphans(['x', '--adopt', '--remove'], {}).status).toBe(2);
    // --help wins over anything else on the line, and starts no work.
    expect(orphans(['a', 'b', '--bogus', '--help'], {})).toMatchObject({ status: 0, stdout: USAGE, stderr: '' });
  }, 60_000);

  test('a relative stack dir is taken from INIT_CWD; an unreadable TF_CLI_CONFIG_FILE gives one note, not Terraform\'s warning', () => {
    fs.mkdirSync(path.join(user, 'stack'));
    fs.writeFileSync(path.join(user, 'stack', 'cdk.tf.json'), '{}');
    const missing = path.join(user, 'missing.rc');
    const r = orphans(['stack', '--check-destroy'], { INIT_CWD: user, TF_CLI_CONFIG_FILE: missing, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    // It found the stack (not "no cdk.tf.json in <repo>/stack"), ran terraform show there, then could not reach the engine.
    expect(r.stderr).not.toContain('no cdk.tf.json');
    expect(r.stderr).toContain('cannot read the engine unix:///nonexistent/docker.sock');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('note: '))).toEqual([`note: TF_CLI_CONFIG_FILE=${missing} cannot be read; running terraform without it (its default CLI config, ~/.terraformrc if any)`]);
    expect(r.stderr).not.toContain('Unable to open CLI configuration file');
  }, 60_000);
});

// The command end to end with a stubbed docker (one answer per DOCKER_HOST, every call logged with its TLS
// settings) and a stubbed terraform (`show -json` prints a given state, `import` is logged).
describe('the command with stubbed docker and terraform', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const DOCKER_STUB = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
const host = process.env.DOCKER_HOST || 'local';
const cert = process.env.DOCKER_CERT_PATH;
const key = cert && fs.existsSync(path.join(cert, 'key.pem')) ? fs.readFileSync(path.join(cert, 'key.pem'), 'utf8') : undefined;
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ host, tls: process.env.DOCKER_TLS_VERIFY, key, args }) + '\\n');
const engine = JSON.parse(fs.readFileSync(process.env.STUB_ENGINES, 'utf8'))[host];
if (!engine) { console.error('Cannot connect to the Docker daemon at ' + host); process.exit(1); }
const a = args.join(' ');
if (a === 'network ls -q --no-trunc') console.log(engine.networks.map((n) => n.Id).join('\\n'));
else if (a === 'ps -aq --no-trunc') console.log(engine.containers.map((c) => c.Id).join('\\n'));
else if (args[0] === 'network' && args[1] === 'inspect') console.log(JSON.stringify(args.slice(2).map((id) => engine.networks.find((n) => n.Id === id))));
else if (args[0] === 'container' && args[1] === 'inspect') console.log(JSON.stringify(args.slice(2).map((id) => engine.containers.find((c) => c.Id === id))));
else if (args[0] === 'info') console.log('false');
else if (args[0] === 'rm' || (args[0] === 'network' && args[1] === 'rm')) console.log(args[args.length - 1]);
else { console.error('stub docker: unexpected ' + a); process.exit(1); }
`;
  const TERRAFORM_STUB = `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ terraform: args }) + '\\n');
if (args[0] === 'show' && process.env.STUB_NOT_INITIALISED) { console.error('Error: Backend initialization required, please run "terraform init"'); process.exit(1); }
if (args[0] === 'show') process.stdout.write(fs.readFileSync(process.env.STUB_STATE, 'utf8'));
else if (args[0] === 'import') console.log('Import successful!');
else process.exit(1);
`;

  /** A stack on two hosts: a over a unix socket, b over TCP with TLS material from TF_VAR_b_*_material. */
  function multiHost(props: { ownershipLabels?: boolean } = {}) {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'shop');
    const a = new DockerHost(stack, 'a', { alias: 'a', endpoint: HostEndpoint.unixSocket('/run/a.sock'), ...props });
    const b = new DockerHost(stack, 'b', { alias: 'b', endpoint: HostEndpoint.tcp('tcp://b.example:2376', { tls: TlsMaterial.fromVariables('b') }), ...props });
    const netA = new BridgeNetwork(stack, 'net-a', { host: a, name: 'shop-a', subnet: '10.20.1.0/24' });
    const netB = new BridgeNetwork(stack, 'net-b', { host: b, name: 'shop-b', subnet: '10.20.2.0/24' });
    new Container(stack, 'web-a', { host: a, name: 'web-a', image: a.image('busybox:1.36'), networks: [{ network: netA }] });
    new Container(stack, 'web-b', { host: b, name: 'web-b', image: b.image('busybox:1.36'), networks: [{ network: netB }] });
    return Testing.synth(stack, true);
  }

  function setup(cdkTfJson: string, state: object, engines: Record<string, { networks: object[]; containers: object[] }>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-orphans-stub-'));
    temps.push(dir);
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'docker'), DOCKER_STUB, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'terraform'), TERRAFORM_STUB, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, 'stack'));
    fs.writeFileSync(path.join(dir, 'stack', 'cdk.tf.json'), cdkTfJson);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state));
    fs.writeFileSync(path.join(dir, 'engines.json'), JSON.stringify(engines));
    fs.mkdirSync(path.join(dir, 'tmp'));
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      STUB_LOG: path.join(dir, 'log'),
      STUB_STATE: path.join(dir, 'state.json'),
      STUB_ENGINES: path.join(dir, 'engines.json'),
      TERRAFORM_BINARY_NAME: 'terraform',
      TF_CLI_CONFIG_FILE: '',
      TMPDIR: path.join(dir, 'tmp'),
      TF_VAR_b_ca_material: 'CA-B',
      TF_VAR_b_cert_material: 'CERT-B',
      TF_VAR_b_key_material: 'KEY-B',
    };
    const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => orphans([path.join(dir, 'stack'), ...args], { ...env, ...extra });
    const log = () => (fs.existsSync(env.STUB_LOG) ? fs.readFileSync(env.STUB_LOG, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    return { dir, run, log };
  }

  const addressOf = (doc: any, type: string, name: string) => `${type}.${Object.entries<any>(doc.resource[type]).find(([, r]) => r.name === name)![0]}`;
  const stateOf = (doc: any, entries: [string, string, string][], deployment: string | undefined) => ({
    values: {
      root_module: {
        resources: [
          ...(deployment ? [{ mode: 'managed', type: 'terraform_data', address: 'terraform_data.docker-network-cdktf-deployment', values: { id: deployment } }] : []),
          ...entries.map(([type, name, id]) => ({ mode: 'managed', type, address: addressOf(doc, type, name), values: { id } })),
        ],
      },
    },
  });
  const labels = (p: string, deployment = 'dep-1', stack = 'shop') => ({ 'docker-network-cdktf/stack': stack, 'docker-network-cdktf/deployment': deployment, 'docker-network-cdktf/path': p });
  const N = (Id: string, Name: string, Labels: object = {}) => ({ Id, Name, Labels, Containers: {} });
  const C = (Id: string, Name: string, Labels: object = {}) => ({ Id, Name: `/${Name}`, Config: { Labels } });

  test('multi-host with DOCKER_HOST set: each host read at its own endpoint (TLS for b), state across hosts, only proven orphans removed', () => {
    const json = multiHost();
    const doc = JSON.parse(json);
    const state = stateOf(doc, [['docker_network', 'shop-a', 'na'], ['docker_container', 'web-a', 'ca'], ['docker_network', 'shop-b', 'nb']], 'dep-1');
    const engines = {
      'unix:///run/a.sock': {
        networks: [N('na', 'shop-a', labels('net-a')), N('na-old', 'shop-a-old', labels('net-a')), N('nx', 'shop-a', { 'com.docker.compose.project': 'shop' }), N('nbr', 'bridge')],
        containers: [C('ca', 'web-a', labels('web-a')), C('ca-2', 'web-a-2', labels('web-a', 'dep-2')), C('cp', 'web-a', { 'docker-network-cdktf/stack': 'payments' })],
      },
      'tcp://b.example:2376': { networks: [N('nb', 'shop-b', labels('net-b'))], containers: [C('cb-old', 'web-b', labels('web-b'))] },
      // What DOCKER_HOST points at: host a's engine under another address. Reading it for b's pass was the bug.
      'unix:///run/a-alias.sock': { networks: [N('na', 'shop-a', labels('net-a'))], containers: [C('ca', 'web-a', labels('web-a'))] },
    };
    const { dir, run, log } = setup(json, state, engines);
    const r = run(['--remove'], { DOCKER_HOST: 'unix:///run/a-alias.sock' });
    const calls = log().filter((c) => c.args);
    const removals = calls.filter((c) => c.args[0] === 'rm' || c.args[1] === 'rm').map((c) => [c.host, c.args.join(' '), c.tls ?? null, c.key ?? null]);
    expect(removals).toEqual([
      ['unix:///run/a.sock', 'network rm na-old', null, null],
      ['tcp://b.example:2376', 'rm -f cb-old', '1', 'KEY-B'],
    ]);
    expect(calls.map((c) => c.host)).not.toContain('unix:///run/a-alias.sock');
    expect(r.stdout).toContain('left alone: network shop-a (nx): made by Docker Compose (project "shop")');
    expect(r.stdout).toContain('left alone: container web-a (cp): labelled by another stack ("payments")');
    expect(r.stdout).not.toMatch(/web-a-2/); // another deployment, no declared name: not even listed
    expect(r.status).toBe(3); // two objects left alone
    // The TLS key directory is gone afterwards.
    expect(fs.readdirSync(path.join(dir, 'tmp')).filter((f) => f.startsWith('dnc-tls-'))).toEqual([]);
  }, 60_000);

  test('--adopt imports only proven orphans, each as its declared address', () => {
    const json = multiHost();
    const doc = JSON.parse(json);
    const state = stateOf(doc, [['docker_network', 'shop-a', 'na'], ['docker_network', 'shop-b', 'nb']], 'dep-1');
    const engines = {
      'unix:///run/a.sock': { networks: [N('na', 'shop-a', labels('net-a'))], containers: [C('ca', 'web-a', labels('web-a')), C('ca-x', 'web-a', labels('web-a', 'dep-9'))] },
      'tcp://b.example:2376': { networks: [N('nb', 'shop-b', labels('net-b'))], containers: [] },
    };
    const { run, log } = setup(json, state, engines);
    const r = run(['--adopt']);
    const imports = log().filter((c) => c.terraform?.[0] === 'import').map((c) => c.terraform.slice(-2));
    expect(imports).toEqual([[addressOf(doc, 'docker_container', 'web-a'), 'ca']]);
    expect(r.stdout).toContain('another deployment of stack shop (deployment "dep-9")');
  }, 60_000);

  test.each(['--remove', '--adopt', '(no flag: the listing)'])('the state holds nothing (another checkout, lost state): %s refuses with exit 4, reads and touches nothing', (flag) => {
    const json = multiHost();
    const engines = { 'unix:///run/a.sock': { networks: [N('na', 'shop-a', labels('net-a'))], containers: [] }, 'tcp://b.example:2376': { networks: [], containers: [] } };
    const { run, log } = setup(json, {}, engines);
    const r = run(flag.startsWith('--') ? [flag] : []);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^refused: the state in .* holds no deployment id \(terraform_data\.docker-network-cdktf-deployment\): no state here \(another checkout/);
    expect(log().filter((c) => c.args)).toEqual([]);
  }, 60_000);

  test('a stack directory where terraform init was never run: refused with exit 4 and the fix, nothing read from an engine', () => {
    const json = multiHost();
    const { run, log } = setup(json, {}, { 'unix:///run/a.sock': { networks: [], containers: [] }, 'tcp://b.example:2376': { networks: [], containers: [] } });
    const r = run(['--remove'], { STUB_NOT_INITIALISED: '1' });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^refused: .* is not initialised \(terraform init was not run there\)[\s\S]*Run terraform init there/);
    expect(log().filter((c) => c.args)).toEqual([]);
  }, 60_000);

  test('a stack without the deployment label (ownershipLabels: false) is refused too, whatever the engine holds', () => {
    const json = multiHost({ ownershipLabels: false });
    const engines = { 'unix:///run/a.sock': { networks: [N('n1', 'shop-a', { 'docker-network-cdktf/stack': 'shop' })], containers: [] } };
    const { run, log } = setup(json, { values: { root_module: { resources: [] } } }, engines);
    const r = run(['--remove']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('declares no deployment label (docker-network-cdktf/deployment)');
    expect(log().filter((c) => c.args)).toEqual([]);
  }, 60_000);
});
