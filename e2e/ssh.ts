/**
 * tiers-over-ssh: the tiers stack deployed through `HostEndpoint.ssh('ssh://root@127.0.0.1', options)` to a private
 * sshd on loopback (e2e/ssh.sh) whose sessions reach the suite's engine. The options (-p PORT, -i KEY, a known_hosts
 * file of our own) are what make the connection work at all: nothing listens for ssh on port 22 of this address
 * with that host key. Then the package's commands (`verify`, `report --live`, `orphans`) run on the synthesized
 * directory with DOCKER_HOST pointing nowhere, so they can only reach the engine as the provider does: over ssh, with
 * the stack's options (cli/ssh-wrapper.ts). Each must succeed, name the stack's containers, and show in sshd's log as
 * connections of the client key. A copy of cdk.tf.json with a ProxyCommand added by hand is refused, nothing run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { HostEndpoint } from '../constructs';
import { declaredTopology } from '../constructs/report';
import { TiersStack } from '../stacks';
import type { StackCase, ToolContext } from './cases';
import { progress, run } from './harness';

const SCRIPT = path.join(__dirname, 'ssh.sh');
const ROOT = path.join(__dirname, '..');
const MAIN = path.join(ROOT, 'cli', 'main.ts');
const CONTAINERS = ['tier-edge', 'tier-app', 'tier-data'];
const URL = 'ssh://root@127.0.0.1';

let port: string | undefined;
/** The ssh wrapper directories in $TMPDIR when the case began (another program's run may hold some). */
let wrappersBefore = 0;
const sshDirs = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('dnc-ssh-')).length;
const sshdDir = () => path.join(process.env.E2E_WORK ?? os.tmpdir(), 'sshd');

/**
 * Stops the private sshd if it runs (after the case, or when the suite is interrupted) and says whether anything is
 * left: that sshd, its directory, an ssh wrapper directory of the tools.
 */
export function stopSshd(): { description: string; ok: boolean; detail?: string } | undefined {
  if (port === undefined) return undefined;
  port = undefined;
  const dir = sshdDir();
  const pidFile = path.join(dir, 'sshd.pid');
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : NaN;
  const r = run('bash', [SCRIPT, 'stop', dir], { timeoutMs: 30_000 });
  const alive = Number.isInteger(pid) && pid > 0 && run('kill', ['-0', String(pid)]).code === 0;
  const left = [
    ...(r.code !== 0 ? [`ssh.sh stop failed: ${r.stderr.trim()}`] : []),
    ...(alive ? [`sshd ${pid} still runs`] : []),
    ...(fs.existsSync(dir) ? [`${dir} is still there`] : []),
    ...(sshDirs() > wrappersBefore ? [`${sshDirs() - wrappersBefore} $TMPDIR/dnc-ssh-* director(ies) left`] : []),
  ];
  return { description: `the private sshd (pid ${pid}) is stopped, its directory and every ssh wrapper directory removed`, ok: left.length === 0, detail: left.join('; ') };
}

/** The endpoint's ssh options: connection settings only, each on the allowlist. */
function sshOptions(): string[] {
  const dir = sshdDir();
  const opts = ['-p', port ?? '0', '-i', path.join(dir, 'client_key'), '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`];
  return [...opts, '-o', 'StrictHostKeyChecking=yes', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10'];
}

/** Connections sshd accepted with the client key so far. */
function accepted(): number {
  const log = path.join(sshdDir(), 'sshd.log');
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => /Accepted publickey for root from 127\.0\.0\.1 port \d+/.test(l)).length : 0;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, cwd: ROOT, timeoutMs: 300_000 });
}

function checkTools(ctx: ToolContext): void {
  const { dir, record } = ctx;
  // DOCKER_HOST points nowhere: the stack's own host and options are the only way to its engine.
  const env = { ...ctx.env, DOCKER_HOST: 'unix:///nonexistent/dnc-e2e.sock' };
  fs.writeFileSync(path.join(dir, 'topology.json'), `${JSON.stringify(declaredTopology(ctx.stack), null, 2)}\n`);
  const wrappers = sshDirs();
  const step = (what: string, args: readonly string[], judge: (out: string) => boolean) => {
    progress('tiers-over-ssh', `${what} over ssh`);
    const before = accepted();
    const r = cli(args, env);
    const n = accepted() - before;
    const ok = r.code === 0 && judge(r.stdout) && n > 0;
    record(`${what}: exit 0, names the stack's containers, over ssh (sshd accepted ${n} connection(s) of the client key)`, ok, `exit ${r.code}\n${r.stdout.slice(-1500)}${r.stderr.slice(-1500)}`);
  };
  step('verify <dir> --port 80', ['verify', dir, '--image', ctx.image, '--json', '--port', '80'], (out) => {
    const report = JSON.parse(out) as { summary: { pass: number; fail: number }; checks: { from: string; to: string }[] };
    const named = new Set(report.checks.flatMap((c) => [c.from, c.to]));
    return report.summary.fail === 0 && report.summary.pass > 0 && CONTAINERS.every((n) => named.has(n));
  });
  step('report <dir> --live', ['report', dir, '--live', '--no-color'], (out) => out.includes('no difference: the engine holds what the stack declares') && CONTAINERS.every((n) => out.includes(n)));
  step('orphans <dir>', ['orphans', dir], (out) => /on the engine ssh:\/\/root@127\.0\.0\.1: [1-9]\d* networks and containers in the state, 0 orphan\(s\)/.test(out));
  const probes = run('docker', ['ps', '-aq', '--filter', 'label=dnc.verify.probe'], { env: ctx.engineEnv, timeoutMs: 30_000 });
  record('verify over ssh left no probe on the engine', probes.code === 0 && probes.stdout.trim() === '', probes.stdout + probes.stderr);
  record('the commands removed their ssh wrapper directories ($TMPDIR/dnc-ssh-*)', sshDirs() <= wrappers, `${sshDirs()} now, ${wrappers} before`);
  hostile(ctx, env);
}

/** A copy of the stack whose cdk.tf.json was given a ProxyCommand by hand: refused by verify and report, nothing run. */
function hostile(ctx: ToolContext, env: NodeJS.ProcessEnv): void {
  const copy = path.join(process.env.E2E_WORK ?? os.tmpdir(), 'tiers-over-ssh-hostile');
  const marker = path.join(copy, 'proxycommand-ran');
  fs.mkdirSync(copy, { recursive: true });
  try {
    const doc = JSON.parse(fs.readFileSync(path.join(ctx.dir, 'cdk.tf.json'), 'utf8'));
    doc.provider.docker[0].ssh_opts = [...doc.provider.docker[0].ssh_opts, '-o', `ProxyCommand=touch ${marker}`];
    fs.writeFileSync(path.join(copy, 'cdk.tf.json'), JSON.stringify(doc, null, 2));
    fs.copyFileSync(path.join(ctx.dir, 'topology.json'), path.join(copy, 'topology.json'));
    for (const args of [['verify', copy, '--image', ctx.image], ['report', copy, '--live', '--no-color']]) {
      const before = accepted();
      const r = cli(args, env);
      const out = r.stdout + r.stderr;
      const ok = r.code !== 0 && /ssh_opts are refused, nothing was run: "-o ProxyCommand=touch [^"]*" sets ProxyCommand, which is not an accepted keyword/.test(out) && !fs.existsSync(marker) && accepted() === before;
      ctx.record(`${args[0]} on a cdk.tf.json given a ProxyCommand by hand: refused with the option named, no connection, the command never ran`, ok, `exit ${r.code}\n${out.slice(-1500)}`);
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

export const SSH_CASE: StackCase = {
  name: 'tiers-over-ssh',
  skipReason: (engine) => {
    if (process.getuid?.() !== 0) return 'a private sshd for root needs root';
    if (!engine.dockerHost.startsWith('unix://')) return `the engine ${engine.dockerHost} is not a unix socket the sshd's sessions can reach`;
    return run('sh', ['-c', 'command -v ssh && command -v ssh-keygen && { command -v sshd || test -x /usr/sbin/sshd; }']).code === 0 ? undefined : 'no OpenSSH (ssh, ssh-keygen, sshd)';
  },
  before(engine) {
    fs.rmSync(sshdDir(), { recursive: true, force: true });
    wrappersBefore = sshDirs();
    const r = run('bash', [SCRIPT, 'start', sshdDir(), engine.dockerHost], { timeoutMs: 60_000 });
    if (r.code !== 0) return `starting a private sshd failed: ${r.stderr}`;
    port = r.stdout.trim().split('\n').pop();
    progress('tiers-over-ssh', `private sshd on 127.0.0.1:${port}`);
    return undefined;
  },
  after: () => stopSshd(),
  build: (app, props) => new TiersStack(app, 'tiers-over-ssh', { ...props, updateLockFile: false, endpoint: HostEndpoint.ssh(URL, sshOptions()) }),
  check(engine, c, _stack: TerraformStack, json) {
    c.equal('cdk.tf.json carries the endpoint and its ssh options (ssh_opts)', () => {
      const p = JSON.parse(json).provider.docker[0];
      return [p.host, p.ssh_opts];
    }, [URL, sshOptions()]);
    c.that('the provider deployed over ssh: sshd accepted connections of the client key', () => ({ ok: accepted() > 0, detail: `${accepted()} accepted` }));
    for (const n of CONTAINERS) c.that(`container ${n} is running on the engine behind sshd`, () => engine.inspectContainer(n).State.Running === true);
  },
  checkTools,
};
