import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, HostEndpoint, TopologyReport } from '../../constructs';
import { providerConfig, providerRef, stackEnvironment } from '../../cli/engine';
import { main, USAGE } from '../../cli/main';
import { CommandIo } from '../../cli/output';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** A docker on PATH that answers per DOCKER_HOST from engines.json (nothing there: cannot connect) and logs each call. */
const DOCKER_STUB = `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const host = process.env.DOCKER_HOST || 'local';
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ host, args }) + '\\n');
const engine = JSON.parse(fs.readFileSync(process.env.STUB_ENGINES, 'utf8'))[host];
if (!engine) { console.error('Cannot connect to the Docker daemon at ' + host); process.exit(1); }
const a = args.join(' ');
if (a === 'network ls -q --no-trunc') console.log(engine.networks.map((n) => n.Id).join('\\n'));
else if (a === 'ps -aq --no-trunc') console.log(engine.containers.map((c) => c.Id).join('\\n'));
else if (args[1] === 'inspect') console.log(JSON.stringify(args.slice(2).map((id) => [...engine.networks, ...engine.containers].find((x) => x.Id === id))));
else if (args[0] === 'info') console.log('false');
else { console.error('stub docker: unexpected ' + a); process.exit(1); }
`;

/** A user's app synthesized with TopologyReport: one host reached at a declared socket, a network and a container. */
function synthesizedApp() {
  const dir = tempDir('dnc-cli-');
  const app = new App({ outdir: path.join(dir, 'cdktf.out') });
  const stack = new TerraformStack(app, 'shop');
  const host = new DockerHost(stack, 'host', { endpoint: HostEndpoint.unixSocket('/run/declared.sock') });
  const net = new BridgeNetwork(stack, 'net', { name: 'shop-net', subnet: '10.77.0.0/24' });
  new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
  TopologyReport.addToEveryStack(app, { diagram: false });
  app.synth();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'docker'), DOCKER_STUB, { mode: 0o755 });
  const engines = path.join(dir, 'engines.json');
  const log = path.join(dir, 'log');
  const env = { PATH: `${bin}:${process.env.PATH}`, STUB_LOG: log, STUB_ENGINES: engines, DOCKER_HOST: 'unix:///from-the-environment.sock' };
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { host: string; args: string[] }) : []);
  return { dir, env, engines, calls };
}

function io(cwd: string, env: NodeJS.ProcessEnv = {}, tty = false) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, env, stdoutTty: tty, progressTty: tty };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('docker-network-cdktf', () => {
  test('--help lists the commands and the exit statuses; every command answers --help without starting work', async () => {
    const t = io(os.tmpdir());
    expect(await main(['--help'], t.io)).toBe(0);
    expect(t.stdout()).toBe(USAGE);
    expect(USAGE).toMatch(/report <stack dir>[\s\S]*orphans <stack dir>[\s\S]*compose import <file>/);
    expect(USAGE).toMatch(/exit status \(every command\):\n  0 .*\n  1 .*\n  2 .*\n  3 .*\n  4 /);
    for (const [argv, head] of [
      [['report', '--help'], 'usage: docker-network-cdktf report <stack dir>'],
      [['report', 'nonexistent', '--live', '--bogus', '-h'], 'usage: docker-network-cdktf report <stack dir>'],
      [['orphans', '--help'], 'usage: docker-network-cdktf orphans <stack dir>'],
      [['compose', 'import', '--help'], 'usage: docker-network-cdktf compose import <compose file>'],
      [['help', 'orphans'], 'usage: docker-network-cdktf orphans <stack dir>'],
    ] as const) {
      const c = io(os.tmpdir());
      expect(await main(argv, c.io)).toBe(0);
      expect(c.stdout().startsWith(head)).toBe(true);
      expect(c.stderr()).toBe('');
    }
    const npmHint = io(os.tmpdir());
    await main(['compose', 'import', '--help'], npmHint.io);
    expect(npmHint.stdout()).not.toContain('npm run'); // the package's command, not this repository's alias
  });

  test('a wrong command is a usage error (exit 2) naming the nearest command', async () => {
    const t = io(os.tmpdir());
    expect(await main(['reprot'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/^unknown command reprot \(did you mean report\?\)\nusage: docker-network-cdktf/);
    expect(t.stdout()).toBe('');
    expect(await main([], io(os.tmpdir()).io)).toBe(2);
    expect(await main(['compose', 'imprt'], io(os.tmpdir()).io)).toBe(2);
    const v = io(os.tmpdir());
    expect(await main(['--version'], v.io)).toBe(0);
    expect(v.stdout()).toBe(`${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version}\n`);
  });

  test('report <stack dir>: the declared topology of the app\'s own synthesized stack, relative to the user\'s directory', async () => {
    const app = synthesizedApp();
    const t = io(app.dir);
    expect(await main(['report', 'cdktf.out/stacks/shop'], t.io)).toBe(0);
    expect(t.stdout()).toMatch(/^Topology of stack shop \(as declared\)/);
    expect(t.stdout()).toContain('shop-net');
    expect(t.stderr()).toBe(''); // not a terminal: no progress line
    const j = io(app.dir);
    expect(await main(['report', 'cdktf.out/stacks/shop/cdk.tf.json', '--json'], j.io)).toBe(0);
    expect(JSON.parse(j.stdout())).toMatchObject({ stack: 'shop', source: 'declared', hosts: [{ name: 'default' }] });
    expect(app.calls()).toEqual([]); // nothing read from an engine
  });

  test('report without topology.json or cdk.tf.json: exit 1 with what to do', async () => {
    const app = synthesizedApp();
    fs.rmSync(path.join(app.dir, 'cdktf.out/stacks/shop/topology.json'));
    const t = io(app.dir);
    expect(await main(['report', 'cdktf.out/stacks/shop'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^no topology\.json in .*: .*add TopologyReport\.addToEveryStack\(app\)/);
    const none = io(app.dir);
    expect(await main(['report', 'elsewhere'], none.io)).toBe(1);
    expect(none.stderr()).toMatch(/^no cdk\.tf\.json in .*elsewhere: pass the synthesized stack's directory/);
  });

  test('report --live reads the engine the stack declares, not DOCKER_HOST; differences exit 3', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.engines, JSON.stringify({ 'unix:///run/declared.sock': { networks: [], containers: [] } }));
    const t = io(app.dir, app.env);
    expect(await main(['report', 'cdktf.out/stacks/shop', '--live', '--no-color'], t.io)).toBe(3);
    expect(new Set(app.calls().map((c) => c.host))).toEqual(new Set(['unix:///run/declared.sock']));
    expect(t.stdout()).toContain('missing  network     [default] network shop-net');
  });

  test('report --live --engine default=ADDRESS reads that address instead; an unknown host is a usage error', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.engines, JSON.stringify({ 'unix:///elsewhere.sock': { networks: [], containers: [] } }));
    expect(await main(['report', 'cdktf.out/stacks/shop', '--live', '--engine', 'default=unix:///elsewhere.sock'], io(app.dir, app.env).io)).toBe(3);
    expect(new Set(app.calls().map((c) => c.host))).toEqual(new Set(['unix:///elsewhere.sock']));
    const bad = io(app.dir, app.env);
    expect(await main(['report', 'cdktf.out/stacks/shop', '--live', '--engine', 'b=unix:///b.sock'], bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/^--engine: the stack has no host b \(its hosts: default\)\nusage:/);
  });

  test('report --live without an engine: exit 1, naming the host and the engine it tried', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.engines, '{}');
    const t = io(app.dir, app.env);
    expect(await main(['report', 'cdktf.out/stacks/shop', '--live'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^cannot read host default \(engine unix:\/\/\/run\/declared\.sock\): docker network ls -q --no-trunc failed: Cannot connect/);
  });

  test('on a terminal a progress line is shown on stderr and cleared; the result on stdout is the same', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.engines, JSON.stringify({ 'unix:///run/declared.sock': { networks: [], containers: [] } }));
    const t = io(app.dir, app.env, true);
    expect(await main(['report', 'cdktf.out/stacks/shop', '--live', '--no-color'], t.io)).toBe(3);
    expect(t.stderr()).toContain('\r\x1b[2K… reading host default: engine unix:///run/declared.sock');
    expect(t.stderr().endsWith('\r\x1b[2K')).toBe(true);
    expect(t.stdout()).not.toContain('\x1b');
  });
});

describe('the engine a synthesized stack talks to (one decision: the declared host wins)', () => {
  const doc = {
    provider: {
      docker: [
        { host: 'unix:///run/default.sock' },
        { alias: 'a', host: 'ssh://me@a.example' },
        { alias: 'b', host: 'tcp://b.example:2376', cert_path: '/certs/b' },
        { alias: 'c', host: '${data.x.host}' },
      ],
    },
  };

  test('each host is its provider configuration: default is the one without alias', () => {
    expect(providerRef('default')).toBe('docker');
    expect(providerRef('a')).toBe('docker.a');
    expect(providerConfig(doc, 'docker.a')).toEqual({ alias: 'a', host: 'ssh://me@a.example' });
    expect(providerConfig({ provider: { docker: { host: 'unix:///x' } } }, 'docker')).toEqual({ host: 'unix:///x' });
    expect(providerConfig({}, 'docker')).toEqual({});
  });

  test('a declared host wins over DOCKER_HOST and DOCKER_CONTEXT; without one, the environment stays', () => {
    const base = { DOCKER_HOST: 'unix:///env.sock', DOCKER_CONTEXT: 'ctx', PATH: '/bin' };
    expect(stackEnvironment(doc, 'default', base)).toEqual({ DOCKER_HOST: 'unix:///run/default.sock', PATH: '/bin' });
    expect(stackEnvironment(doc, 'b', base)).toEqual({ DOCKER_HOST: 'tcp://b.example:2376', DOCKER_CERT_PATH: '/certs/b', DOCKER_TLS_VERIFY: '1', PATH: '/bin' });
    expect(stackEnvironment({}, 'default', base)).toEqual(base);
  });

  test('a host the docker CLI cannot be given is an error, never a fall-back to DOCKER_HOST', () => {
    expect(() => stackEnvironment(doc, 'c', { DOCKER_HOST: 'unix:///env.sock' })).toThrow(/^host c: its provider's host is "\$\{data\.x\.host\}", which the docker CLI cannot be given/);
  });
});
