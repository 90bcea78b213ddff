import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, HostEndpoint, TopologyReport } from '../../constructs';
import { TopologyModel } from '../../constructs/report';
import { EXIT } from '../../cli/args';
import { main } from '../../cli/main';
import { CommandIo } from '../../cli/output';
import { matrix, renderMatrix, verifyDot } from '../../cli/verify-output';
import { LiveContainer, LiveHost, planChecks, VerifyCheck } from '../../cli/verify-plan';
import { judge, parseProbeOutput, PROBE_LABEL, PROBE_SCRIPT, probeArguments, probeRunArguments, removeProbes, resolvedAddresses } from '../../cli/verify-probe';
import { exampleModel } from '../report/examples';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function running(addresses: Record<string, string>, bindings: LiveContainer['bindings'] = {}): LiveContainer {
  return { running: true, addresses, bindings, image: 'busybox:1.36' };
}

/** Every declared container running, with an address per network (10.x.y.<n>). */
function liveOf(model: TopologyModel, internal: readonly string[] = []): Record<string, LiveHost> {
  let n = 10;
  return Object.fromEntries(
    model.hosts.map((h) => [
      h.name,
      {
        internalNetworks: internal,
        containers: Object.fromEntries(h.containers.map((c) => [c.name, running(Object.fromEntries(c.networks.map((a) => [a.network, `10.0.0.${n++}`])))])),
      },
    ]),
  );
}

const brief = (c: VerifyCheck) => `${c.expect} ${c.kind} ${c.from} -> ${c.to}${c.network ? ` on ${c.network}` : ''}${c.port ? `:${c.port}` : ''}${c.skip ? ' SKIP' : ''}`;

describe('verify: the plan of checks', () => {
  test('tiers: allowed pairs resolve by name and alias and reach, edge and data are isolated both ways, data has no way out', () => {
    const model = exampleModel('tiers');
    const checks = planChecks(model, liveOf(model, ['shop-app-data']), { ports: [80] });
    const lines = checks.map(brief);
    expect(lines).toContain('allow resolves tier-edge -> tier-app on shop-app-edge');
    expect(checks.filter((c) => c.kind === 'resolves' && c.from === 'tier-edge').map((c) => (c.steps[0] as { name: string }).name)).toEqual(['tier-app', 'api']);
    expect(lines).toContain('allow reaches tier-edge -> tier-app on shop-app-edge:80');
    expect(lines).toContain('allow reaches tier-app -> tier-data on shop-app-data:80');
    expect(lines).toContain('deny isolated tier-edge -> tier-data');
    expect(lines).toContain('deny isolated tier-data -> tier-edge');
    expect(lines.filter((l) => l.includes('no-way-out'))).toEqual(['deny no-way-out tier-data -> outside (192.0.2.1) on shop-app-data']);
    const isolated = checks.find((c) => c.kind === 'isolated' && c.from === 'tier-edge')!;
    expect(isolated.namespace).toBe('tier-edge');
    expect(isolated.steps.map((s) => s.op)).toEqual(['ping', 'tcp']);
    expect(checks.find((c) => c.kind === 'no-way-out')!.addresses).toHaveLength(1);
  });

  test('links: no lookup on the default bridge (no DNS there), only by address; the link alias on the user-defined network', () => {
    const model = exampleModel('links');
    const lines = planChecks(model, liveOf(model)).map(brief);
    expect(lines).toContain('allow reaches link-web0 -> link-db0 on bridge');
    expect(lines.filter((l) => l.includes('resolves') && l.includes('on bridge'))).toEqual([]);
    expect(lines).toContain('allow resolves link-web -> link-db on links-net');
    expect(lines).toContain('deny isolated link-web0 -> link-db');
  });

  test('app: a published port answers on its declared interface and not on another loopback address', () => {
    const model = exampleModel('app');
    const lines = planChecks(model, liveOf(model)).map(brief);
    expect(lines).toContain('allow published host default -> app-web on 127.0.0.1:18090');
    expect(lines).toContain('deny published-elsewhere host default -> app-web on 127.0.0.2:18090');
    expect(lines).toContain('allow reaches app-client -> app-web on app-net:80');
  });

  test('multi-host: containers on one overlay reach each other across hosts; the service resolves there', () => {
    const model = exampleModel('multi-host');
    const lines = planChecks(model, liveOf(model)).map(brief);
    expect(lines).toContain('allow reaches a/mh-a -> b/mh-b on mh-overlay');
    expect(lines).toContain('allow resolves a/mh-a -> service mh-web on mh-overlay');
    expect(lines.some((l) => l.includes('on mh-pods') && l.includes('b/mh-b'))).toBe(false); // two hosts' mh-pods are different networks
  });

  test('a container on the host\'s namespace: no isolation is expected from or towards it (the host reaches every container)', () => {
    const model = exampleModel('links');
    const h = model.hosts[0];
    const hostNet = { name: 'host', driver: 'host', scope: 'local' as const, builtin: true, subnets: [], internal: false, attachable: false, icc: true, ipv6: false };
    const withHost: TopologyModel = { ...model, hosts: [{ ...h, networks: [...h.networks, hostNet], containers: [...h.containers, { name: 'agent', networks: [{ network: 'host', aliases: [] }], ports: [] }] }] };
    const checks = planChecks(withHost, liveOf(withHost)).filter((c) => c.from === 'agent' || c.to === 'agent');
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.kind === 'isolated' && c.skip?.startsWith("agent is on the host's namespace or none"))).toBe(true);
  });

  test('a container not on the engine or not running: its checks are skipped with the reason, nothing is probed', () => {
    const model = exampleModel('tiers');
    const live = liveOf(model, ['shop-app-data']);
    const containers = { ...live.default.containers } as Record<string, LiveContainer>;
    delete containers['tier-data'];
    containers['tier-edge'] = { ...containers['tier-edge'], running: false };
    const checks = planChecks(model, { default: { ...live.default, containers } });
    expect(checks.filter((c) => c.from === 'tier-edge').every((c) => c.skip === 'tier-edge is not running')).toBe(true);
    expect(checks.find((c) => c.kind === 'no-way-out')!.skip).toBe('tier-data is not on the engine');
  });
});

describe('verify: the probes', () => {
  const check = (over: Partial<VerifyCheck>): VerifyCheck => ({ id: 1, host: 'default', namespace: 'a', from: 'a', to: 'b', kind: 'reaches', expect: 'allow', steps: [{ op: 'ping', address: '10.0.0.2' }], ...over });

  test('names and addresses are arguments of a fixed script, never script text', () => {
    const c = check({ steps: [{ op: 'resolve', name: 'db' }, { op: 'tcp', address: '10.0.0.2', port: 5432 }] });
    expect(probeArguments([c], 2)).toEqual(['2', '1.0', 'resolve', 'db', '1.1', 'tcp', '10.0.0.2', '5432']);
    const run = probeRunArguments({ runId: 'r1', expires: 99, namespace: 'tier-edge', image: 'busybox:1.36', name: 'dnc-verify-r1-1' }, ['2']);
    expect(run).toEqual(expect.arrayContaining(['--label', `${PROBE_LABEL}=r1`, '--network', 'container:tier-edge', '--cap-drop', 'ALL', '--read-only']));
    expect(run.slice(run.indexOf('-c'))).toEqual(['-c', PROBE_SCRIPT, 'probe', '2']);
    expect(probeRunArguments({ runId: 'r1', expires: 99, image: 'x', name: 'n' }, [])).toEqual(expect.arrayContaining(['--network', 'host']));
    // A name from a topology file that is not a Docker name is skipped, not given to a probe.
    const model = exampleModel('tiers');
    const evil: TopologyModel = { ...model, hosts: model.hosts.map((h) => ({ ...h, containers: h.containers.map((x) => (x.name === 'tier-app' ? { ...x, networks: x.networks.map((a) => ({ ...a, aliases: ['$(reboot)'] })) } : x)) })) };
    const bad = planChecks(evil, liveOf(evil)).filter((x) => x.steps.some((s) => s.op === 'resolve' && s.name === '$(reboot)'));
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((x) => x.skip === '"$(reboot)" is not a name a probe looks up')).toBe(true);
  });

  test('the output is read per step; busybox and glibc lookups', () => {
    const out = parseProbeOutput('@@1.0 0\nServer: 127.0.0.11\nAddress: 127.0.0.11:53\n\nName: db\nAddress: 10.0.0.2\n@@1.1 1\nnc: timeout\n');
    expect(out.get('1.0')!.code).toBe(0);
    expect(resolvedAddresses(out.get('1.0')!.output)).toEqual(['10.0.0.2']);
    expect(out.get('1.1')).toEqual({ code: 1, output: 'nc: timeout' });
    expect(resolvedAddresses('Name:\tdb\nAddress 1: 10.0.0.3 db.net')).toEqual(['10.0.0.3']);
  });

  test('judging: allow, deny, the way out, and a probe that cannot run its tool', () => {
    expect(judge(check({}), [{ code: 0, output: '1 packets received' }]).result).toBe('pass');
    expect(judge(check({}), [{ code: 1, output: '0 packets received' }])).toEqual({ result: 'fail', reason: 'no answer: ping 10.0.0.2: 0 packets received' });
    const deny = check({ kind: 'isolated', expect: 'deny', steps: [{ op: 'ping', address: '10.0.0.2' }, { op: 'tcp', address: '10.0.0.2', port: 80 }] });
    expect(judge(deny, [{ code: 1, output: '' }, { code: 1, output: 'nc: timeout' }]).result).toBe('pass');
    expect(judge(deny, [{ code: 1, output: '' }, { code: 143, output: '' }])).toEqual({ result: 'fail', reason: 'answered: TCP 10.0.0.2:80' });
    const resolves = check({ kind: 'resolves', steps: [{ op: 'resolve', name: 'db' }], addresses: ['10.0.0.2'], network: 'n' });
    expect(judge(resolves, [{ code: 0, output: 'Name: db\nAddress: 10.0.0.9' }])).toEqual({ result: 'fail', reason: 'db resolves to 10.0.0.9, not 10.0.0.2' });
    expect(judge(resolves, [{ code: 1, output: "** server can't find db: NXDOMAIN" }]).reason).toBe("lookup of db on n failed: ** server can't find db: NXDOMAIN");
    const out = check({ kind: 'no-way-out', expect: 'deny', steps: [{ op: 'route', address: '192.0.2.1' }], addresses: ['10.0.0.5'], networkOf: { '10.0.0.5': 'data', '172.17.0.3': 'bridge' } });
    expect(judge(out, [{ code: 2, output: 'ip: RTNETLINK answers: Network unreachable' }]).result).toBe('pass');
    expect(judge(out, [{ code: 0, output: '192.0.2.1 via 10.0.0.1 dev eth0  src 10.0.0.5' }]).result).toBe('pass');
    expect(judge(out, [{ code: 0, output: '192.0.2.1 via 172.17.0.1 dev eth1  src 172.17.0.3' }])).toEqual({
      result: 'fail',
      reason: 'a way out: route to 192.0.2.1 goes via eth1 from 172.17.0.3 on bridge, which is not internal',
    });
    // A missing tool never passes a deny check.
    expect(judge(deny, [{ code: 127, output: 'sh: ping: not found' }, { code: 1, output: '' }]).result).toBe('skipped');
    expect(judge(check({ skip: 'a is not running' }), [])).toEqual({ result: 'skipped', reason: 'a is not running' });
  });

  test('probes are removed by label: this run\'s, or the expired ones of earlier runs only', () => {
    const calls: string[][] = [];
    const docker = (args: readonly string[]) => {
      calls.push([...args]);
      return args[0] === 'ps' ? 'aaa 100\nbbb 300\nccc \n' : '';
    };
    expect(removeProbes(docker, { expiredBefore: 200 })).toBe(2);
    expect(calls[0]).toEqual(['ps', '-a', '--filter', `label=${PROBE_LABEL}`, '--format', '{{.ID}} {{.Label "dnc.verify.expires"}}']);
    expect(calls[1]).toEqual(['rm', '-f', 'aaa', 'ccc']);
    calls.length = 0;
    expect(removeProbes(docker, { runId: 'r1' })).toBe(3);
    expect(calls[0][3]).toBe(`label=${PROBE_LABEL}=r1`);
  });
});

describe('verify: the matrix', () => {
  const model = exampleModel('tiers');
  const checks = planChecks(model, liveOf(model, ['shop-app-data']));
  const results = new Map(checks.map((c) => [c.id, c.kind === 'isolated' && c.from === 'tier-edge' ? { result: 'fail' as const, reason: 'answered: ping 10.0.0.12' } : { result: 'pass' as const, reason: 'ok' }]));
  const report = matrix('tiers', checks, results);

  test('plain text names the failed pair; JSON has every row', () => {
    const text = renderMatrix(report, { table: false, color: false });
    expect(text).toContain('FAIL    deny  tier-edge -> tier-data  isolated: answered: ping 10.0.0.12\n');
    expect(text).toMatch(/\nfailed:\n  tier-edge -> tier-data: expected deny, isolated: answered: ping 10\.0\.0\.12\n/);
    expect(text).toMatch(/stack tiers: \d+ passed, 1 failed, 0 skipped; FAILED/);
    expect(text).not.toContain('\x1b[');
    expect(report.summary.fail).toBe(1);
    expect(report.checks[0]).toMatchObject({ from: expect.any(String), to: expect.any(String), expect: expect.any(String), result: expect.any(String), reason: expect.any(String) });
    expect(renderMatrix(report, { table: true, color: true })).toContain('\x1b[31mFAIL\x1b[0m');
  });

  test('the diagram overlay: one edge per pair, red for the failed one, green for the passed ones', () => {
    const dot = verifyDot(model, checks, report);
    expect(dot).toContain('"ctr/default/tier-data" -> "ctr/default/tier-edge" [dir=none, constraint=false, penwidth=2.5, color="#dc2626"');
    expect(dot).toMatch(/"ctr\/default\/tier-app" -> "ctr\/default\/tier-edge" \[[^\]]*color="#16a34a"/);
    expect(dot).toContain('"verify/legend" [shape=note, color="#dc2626"');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });
});

/** A consumer's synthesized app, and a docker stub on PATH that answers from engines.json (nothing there: cannot connect). */
function synthesizedApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-verify-'));
  temps.push(dir);
  const app = new App({ outdir: path.join(dir, 'cdktf.out') });
  const stack = new TerraformStack(app, 'shop');
  const host = new DockerHost(stack, 'host', { endpoint: HostEndpoint.unixSocket('/run/declared.sock') });
  const net = new BridgeNetwork(stack, 'net', { name: 'shop-net', subnet: '10.77.0.0/24' });
  const other = new BridgeNetwork(stack, 'other', { name: 'shop-other', subnet: '10.78.0.0/24' });
  new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
  new Container(stack, 'db', { name: 'shop-db', image: host.image('busybox:1.36'), networks: [{ network: net }] });
  new Container(stack, 'lone', { name: 'shop-lone', image: host.image('busybox:1.36'), networks: [{ network: other }] });
  TopologyReport.addToEveryStack(app, { diagram: false });
  app.synth();
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // Every probe step succeeds: lookups answer with the container's address, pings and connections answer.
  fs.writeFileSync(
    path.join(bin, 'docker'),
    `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_LOG, JSON.stringify({ host: process.env.DOCKER_HOST, args }) + '\\n');
if (!fs.existsSync(process.env.STUB_UP)) { console.error('Cannot connect to the Docker daemon at ' + process.env.DOCKER_HOST); process.exit(1); }
const ip = { 'shop-web': '10.77.0.2', 'shop-db': '10.77.0.3', 'shop-lone': '10.78.0.2' };
const net = { 'shop-web': 'shop-net', 'shop-db': 'shop-net', 'shop-lone': 'shop-other' };
const a = args.join(' ');
if (args[0] === 'version' || args[0] === 'image' || args[0] === 'rm') console.log('ok');
else if (a.startsWith('ps -a --filter')) console.log('');
else if (a.startsWith('ps -a')) console.log(Object.keys(ip).join('\\n'));
else if (args[0] === 'network') console.log('shop-net false\\nshop-other false');
else if (args[0] === 'container') console.log(JSON.stringify(args.slice(2).map((n) => ({ Name: '/' + n, State: { Running: true }, Config: { Image: 'busybox:1.36', ExposedPorts: n === 'shop-web' ? { '80/tcp': {} } : undefined }, NetworkSettings: { Networks: { [net[n]]: { IPAddress: ip[n] } }, Ports: {} } }))));
else if (args[0] === 'run') {
  const rest = args.slice(args.indexOf('probe') + 2);
  for (let i = 0; i + 2 < rest.length; ) {
    const [id, op, x] = rest.slice(i, i + 3); i += op === 'tcp' ? 4 : 3;
    console.log('@@' + id + ' 0'); if (op === 'resolve') console.log('Name: ' + x + '\\nAddress: ' + ip[x]);
  }
} else { console.error('stub docker: unexpected ' + a); process.exit(1); }
`,
    { mode: 0o755 },
  );
  const log = path.join(dir, 'log');
  const up = path.join(dir, 'up');
  const env = { PATH: `${bin}:${process.env.PATH}`, STUB_LOG: log, STUB_UP: up };
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { host: string; args: string[] }) : []);
  return { dir, env, up, calls };
}

function io(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, env, stdoutTty: false, progressTty: false };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('docker-network-cdktf verify', () => {
  test('--help says what it checks, what the image needs and the exit statuses, and starts nothing', async () => {
    const t = io(os.tmpdir());
    expect(await main(['verify', '--help', '--bogus'], t.io)).toBe(EXIT.ok);
    expect(t.stdout()).toMatch(/^usage: docker-network-cdktf verify <stack>/);
    expect(t.stdout()).toContain('it needs sh, nslookup, ping, nc, ip and timeout');
    expect(t.stdout()).toMatch(/exit status:\n  0 .*\n  1 .*\n  2 .*\n  5 /);
  });

  test('wrong arguments: exit 2 with the message and the usage', async () => {
    for (const [argv, message] of [
      [['verify'], 'which stack?'],
      [['verify', 'a', 'b'], 'one stack at a time (got a and b)'],
      [['verify', 'a', '--timeout', '0'], '--timeout 0: give a whole number from 1 to 60'],
      [['verify', 'a', '--port', 'http'], '--port http: give a TCP port from 1 to 65535'],
      [['verify', 'a', '--image', 'x;rm -rf /'], '--image "x;rm -rf /": not an image reference'],
      [['verify', 'a', '--dedline', '9'], 'unknown option --dedline (did you mean --deadline?)'],
    ] as const) {
      const t = io(os.tmpdir());
      expect(await main(argv, t.io)).toBe(EXIT.usage);
      expect(t.stderr()).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nusage: docker-network-cdktf verify`));
    }
    const secret = io(os.tmpdir());
    expect(await main(['verify', 'a', '--engine', 'default=tcp://me:hunter2@b:2376'], secret.io)).toBe(EXIT.usage);
    expect(secret.stderr()).toMatch(/^--engine default=.*: a password or token in the endpoint URL/);
    expect(secret.stderr()).not.toContain('hunter2');
  });

  test('a stack that is not synthesized, and an engine that cannot be reached: exit 5 with what to do', async () => {
    const none = io(os.tmpdir());
    expect(await main(['verify', 'no-such-stack'], none.io)).toBe(EXIT.unavailable);
    expect(none.stderr()).toMatch(/^stack no-such-stack is not synthesized: no cdktf\.out\/stacks\/no-such-stack\/cdk\.tf\.json; run cdktf synth/);
    const app = synthesizedApp();
    const t = io(app.dir, app.env);
    expect(await main(['verify', 'shop'], t.io)).toBe(EXIT.unavailable);
    expect(t.stderr()).toMatch(/^cannot reach host default \(engine unix:\/\/\/run\/declared\.sock\): docker version .*Cannot connect/);
  });

  test('a run: the declared host is probed, a pair that must not reach but does fails (exit 1), and the run removes its probes', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.up, '');
    const t = io(app.dir, app.env);
    expect(await main(['verify', 'shop', '--json'], t.io)).toBe(EXIT.failed);
    const report = JSON.parse(t.stdout());
    expect(report.summary).toMatchObject({ fail: 4 }); // the stub answers everything: shop-lone is reached from both, and reaches both
    expect(report.checks.filter((c: { result: string }) => c.result === 'fail').map((c: { from: string; to: string }) => `${c.from} -> ${c.to}`)).toEqual(
      expect.arrayContaining(['shop-web -> shop-lone', 'shop-lone -> shop-db']),
    );
    expect(report.checks).toContainEqual(expect.objectContaining({ from: 'shop-db', to: 'shop-web', port: 80, check: 'reaches', result: 'pass' })); // the image's EXPOSE
    const calls = app.calls();
    expect(new Set(calls.map((c) => c.host))).toEqual(new Set(['unix:///run/declared.sock']));
    const probes = calls.filter((c) => c.args[0] === 'run' && c.args.includes('probe'));
    expect(probes.map((c) => c.args[c.args.indexOf('--network') + 1])).toEqual(['container:shop-web', 'container:shop-db', 'container:shop-lone']);
    const runId = probes[0].args[probes[0].args.indexOf('--label') + 1].split('=')[1];
    expect(calls[calls.length - 1].args).toEqual(['ps', '-a', '--filter', `label=${PROBE_LABEL}=${runId}`, '--format', '{{.ID}} {{.Label "dnc.verify.expires"}}']);
    expect(calls.findIndex((c) => c.args.join(' ').startsWith(`ps -a --filter label=${PROBE_LABEL} `))).toBeLessThan(calls.indexOf(probes[0])); // stale ones first
  });

  test('--max-probes and --deadline bound the run: what is over is skipped with the reason', async () => {
    const app = synthesizedApp();
    fs.writeFileSync(app.up, '');
    const t = io(app.dir, app.env);
    await main(['verify', 'shop', '--json', '--max-probes', '1'], t.io);
    const report = JSON.parse(t.stdout());
    expect(report.checks.filter((c: { from: string }) => c.from !== 'shop-web').every((c: { result: string; reason: string }) => c.result === 'skipped' && c.reason === 'over --max-probes 1: raise it to check this pair')).toBe(true);
    expect(app.calls().filter((c) => c.args[0] === 'run')).toHaveLength(1);
  });
});
