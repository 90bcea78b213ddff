/**
 * e2e/engine.sh and .ci/run without an engine: `ip`, `iptables`, `iptables-save` and `iptables-restore` are stubs
 * (test/fixtures/engine-stubs) working on files, and PATH holds nothing else but a few harmless tools, so nothing
 * here can reach the host's interfaces or firewall even as root.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const ENGINE = path.join(ROOT, 'e2e', 'engine.sh');
const PID_CHECK = path.join(ROOT, 'e2e', 'pid-check.sh');
const STUBS = path.join(__dirname, 'fixtures', 'engine-stubs');
const SAFE_TOOLS = ['bash', 'cat', 'grep', 'awk', 'sed', 'sort', 'mv', 'rm', 'mkdir', 'head', 'cut', 'basename', 'dirname', 'seq', 'sleep', 'readlink', 'pgrep', 'cksum', 'tr'];

const temps: string[] = [];
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A stub world: links, rules of the filter and nat tables, a log; PATH with the stubs and the safe tools only. */
function world(links: Record<string, string>, rules: { filter?: string[]; nat?: string[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-engine-sh-'));
  temps.push(dir);
  const stub = path.join(dir, 'stub');
  fs.mkdirSync(path.join(stub, 'links'), { recursive: true });
  for (const [name, what] of Object.entries(links)) fs.writeFileSync(path.join(stub, 'links', name), what);
  for (const table of ['filter', 'nat'] as const) fs.writeFileSync(path.join(stub, `rules.${table}`), (rules[table] ?? []).map((l) => `${l}\n`).join(''));
  const safe = path.join(dir, 'safe-bin');
  fs.mkdirSync(safe);
  for (const tool of SAFE_TOOLS) {
    const where = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (where) fs.symlinkSync(where, path.join(safe, tool));
  }
  fs.writeFileSync(path.join(safe, 'mountpoint'), '#!/usr/bin/env bash\nexit 1\n', { mode: 0o755 });
  const env = { PATH: `${STUBS}:${safe}`, STUB: stub, HOME: dir };
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  const bash = (script: string) => spawnSync('/bin/bash', ['-c', script], { env: { ...env, WORK: work }, encoding: 'utf8', timeout: 30_000 });
  const log = () => (fs.existsSync(path.join(stub, 'log')) ? fs.readFileSync(path.join(stub, 'log'), 'utf8').trim().split('\n').filter(Boolean) : []);
  const rulesNow = (table: string) => fs.readFileSync(path.join(stub, `rules.${table}`), 'utf8').trim().split('\n').filter(Boolean);
  return { dir, stub, work, env, bash, log, rulesNow, links: () => fs.readdirSync(path.join(stub, 'links')).sort() };
}

describe('e2e/engine.sh: a snapshot at start, and stop touches only what appeared since', () => {
  test('the snapshot holds the bridges and the filter and nat rules, as iptables-save prints them', () => {
    const w = world({ virbr0: 'bridge', vnet0: 'veth virbr0', eth0: 'ether' }, { filter: ['-A FORWARD -o virbr0 -j ACCEPT'], nat: ['-A POSTROUTING -s 192.168.122.0/24 -j MASQUERADE'] });
    const r = w.bash(`. ${ENGINE}; work="$WORK"; snapshot_host`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(w.work, 'before', 'bridges'), 'utf8')).toBe('virbr0\n');
    expect(fs.readFileSync(path.join(w.work, 'before', 'rules.filter'), 'utf8')).toBe('-A FORWARD -o virbr0 -j ACCEPT\n');
    expect(fs.readFileSync(path.join(w.work, 'before', 'rules.nat'), 'utf8')).toBe('-A POSTROUTING -s 192.168.122.0/24 -j MASQUERADE\n');
    // A second start (after a kill) keeps the first snapshot.
    fs.writeFileSync(path.join(w.stub, 'links', 'br-new'), 'bridge');
    w.bash(`. ${ENGINE}; work="$WORK"; snapshot_host`);
    expect(fs.readFileSync(path.join(w.work, 'before', 'bridges'), 'utf8')).toBe('virbr0\n');
  });

  test('stop: a bridge that existed before (virbr0) keeps its ports and rules; new bridges and new rules go, deleted exactly, never evaluated', () => {
    const pwned = path.join(os.tmpdir(), `dnc-pwned-${process.pid}`);
    const evil = `-A FORWARD -o br-abc123 -m comment --comment "$(touch ${pwned})" -j ACCEPT`;
    const evilVxlan = `-A INPUT -p udp -m udp --dport 4789 -m comment --comment "\`touch ${pwned}\`; $(touch ${pwned})" -j DROP`;
    const before = {
      filter: ['-A FORWARD -o virbr0 -j ACCEPT', '-A INPUT -p udp -m udp --dport 4789 -j ACCEPT'],
      nat: ['-A POSTROUTING -s 192.168.122.0/24 ! -d 192.168.122.0/24 -j MASQUERADE'],
    };
    const w = world({ virbr0: 'bridge', vnet0: 'veth virbr0' }, before);
    expect(w.bash(`. ${ENGINE}; work="$WORK"; snapshot_host`).status).toBe(0);
    // What the engine did since: its own bridge, a network bridge, a network that took virbr0's name, their rules.
    Object.entries({ dnc1234567: 'bridge', 'br-abc123': 'bridge', vethA: 'veth br-abc123', vnet1: 'veth virbr0' }).forEach(([n, t]) => fs.writeFileSync(path.join(w.stub, 'links', n), t));
    const added = {
      filter: [
        '-A FORWARD -o br-abc123 -j DOCKER',
        evil,
        '-A FORWARD -i virbr0 ! -o virbr0 -j ACCEPT',
        '-A FORWARD -o dnc1234567 -j DOCKER',
        '-A INPUT -p udp -m udp --dport 4789 -m policy --dir in --pol none -j DROP',
        evilVxlan,
      ],
      nat: ['-A POSTROUTING -s 198.18.130.0/24 ! -o dnc1234567 -j MASQUERADE', '-A POSTROUTING -s 10.1.0.0/24 ! -o br-abc123 -j MASQUERADE'],
    };
    for (const t of ['filter', 'nat'] as const) fs.writeFileSync(path.join(w.stub, `rules.${t}`), [...before[t], ...added[t]].map((l) => `${l}\n`).join(''));
    fs.writeFileSync(path.join(w.work, 'bridges.owned'), 'br-abc123 10.1.0.0/24\nvirbr0 192.168.122.0/24\n');
    fs.writeFileSync(path.join(w.work, 'bridge'), 'dnc1234567\n');
    fs.writeFileSync(path.join(w.work, 'bridge.cidr'), '198.18.130.0/24\n');

    const r = spawnSync('/bin/bash', [ENGINE, 'stop', w.work], { env: w.env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('bridge virbr0 existed before this engine started: kept, with its ports and rules');
    expect(fs.existsSync(pwned)).toBe(false);
    expect(w.links()).toEqual(['virbr0', 'vnet0', 'vnet1']);
    expect(w.log().filter((l) => l.startsWith('ip link del'))).toEqual(['ip link del vethA', 'ip link del br-abc123', 'ip link del dnc1234567']);
    expect(w.log().filter((l) => l.startsWith('restore')).sort()).toEqual(
      [
        'restore filter: -D FORWARD -o br-abc123 -j DOCKER',
        `restore filter: -D ${evil.slice(3)}`,
        'restore filter: -D INPUT -p udp -m udp --dport 4789 -m policy --dir in --pol none -j DROP',
        `restore filter: -D ${evilVxlan.slice(3)}`,
        'restore filter: -D FORWARD -o dnc1234567 -j DOCKER',
        'restore nat: -D POSTROUTING -s 198.18.130.0/24 ! -o dnc1234567 -j MASQUERADE',
        'restore nat: -D POSTROUTING -s 10.1.0.0/24 ! -o br-abc123 -j MASQUERADE',
      ].sort(),
    );
    // Every rule that existed before is still there, and so is the new rule of the kept virbr0.
    expect(w.rulesNow('filter')).toEqual([...before.filter, '-A FORWARD -i virbr0 ! -o virbr0 -j ACCEPT']);
    expect(w.rulesNow('nat')).toEqual(before.nat);
    expect(fs.existsSync(path.join(w.work, 'before'))).toBe(false);
  });

  test('stop without a snapshot (a work dir from before this change) deletes no network bridge', () => {
    const w = world({ virbr0: 'bridge' }, {});
    fs.writeFileSync(path.join(w.work, 'bridges.owned'), 'virbr0 192.168.122.0/24\n');
    const r = spawnSync('/bin/bash', [ENGINE, 'stop', w.work], { env: w.env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("no snapshot of the host's bridges");
    expect(w.links()).toEqual(['virbr0']);
  });

  test('delete_rule refuses what is not one -A line of filter or nat', () => {
    const w = world({}, { filter: ['-A FORWARD -j ACCEPT'] });
    const r = w.bash(`. ${ENGINE}; work="$WORK"; delete_rule raw '-A FORWARD -j ACCEPT' && echo raw; delete_rule filter '-P FORWARD DROP' && echo policy; delete_rule filter $'-A FORWARD -j ACCEPT\\n-A X' && echo two; delete_rule filter '-A FORWARD -j ACCEPT' && echo one`);
    expect(r.stdout.trim()).toBe('one');
    expect(w.rulesNow('filter')).toEqual([]);
  });
});

/**
 * Starts a long-running process whose command line is argv (argv[0] set with exec -a), in `cwd`, outside this
 * process's children (its parent exits, so init reaps it when it ends: a signalled fake is gone, not a zombie).
 */
function fakeProcess(argv: string[], cwd = os.tmpdir()): number {
  const loop = 'trap "exit 0" TERM INT; while :; do sleep 0.1; done';
  const r = spawnSync('/bin/bash', ['-c', `(exec -a "$0" /bin/bash -c '${loop}' "$@") </dev/null >/dev/null 2>&1 & echo $!`, ...argv], { cwd, encoding: 'utf8' });
  const pid = Number(r.stdout.trim());
  fakes.push(pid);
  return pid;
}
const fakes: number[] = [];
afterAll(() => fakes.forEach((pid) => { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitFor = async (cond: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end && !cond(); ) await new Promise((r) => setTimeout(r, 50));
  return cond();
};

describe('PIDs from files are checked before a signal', () => {
  test('pid_runs: the program and its options, read from /proc/PID/cmdline', async () => {
    const pid = fakeProcess(['dockerd', '--data-root', '/w/data', '--pidfile', '/w/dockerd.pid']);
    await waitFor(() => fs.existsSync(`/proc/${pid}/cmdline`) && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('dockerd'));
    const check = (args: string) => spawnSync('/bin/bash', ['-c', `. ${PID_CHECK}; pid_runs ${args} && echo yes || echo no`], { encoding: 'utf8' }).stdout.trim();
    expect(check(`${pid} dockerd --data-root /w/data`)).toBe('yes');
    expect(check(`${pid} dockerd --data-root /other/data`)).toBe('no');
    expect(check(`${pid} postgres`)).toBe('no');
    expect(check(`'${pid}; touch /tmp/x' dockerd`)).toBe('no');
    expect(check(`999999999 dockerd`)).toBe('no');
  });

  test('engine.sh stop: a pidfile naming another process is refused (exit 3), nothing signalled or deleted; its own dockerd is stopped', async () => {
    const w = world({ dnc1: 'bridge' }, {});
    fs.writeFileSync(path.join(w.work, 'bridge'), 'dnc1\n');
    const stranger = fakeProcess(['sleepy-daemon', '--data-root', path.join(w.work, 'data')]);
    await waitFor(() => alive(stranger));
    fs.writeFileSync(path.join(w.work, 'dockerd.pid'), `${stranger}\n`);
    const refused = spawnSync('/bin/bash', [ENGINE, 'stop', w.work], { env: w.env, encoding: 'utf8', timeout: 30_000 });
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain(`not signalling PID ${stranger}`);
    expect(alive(stranger)).toBe(true);
    expect(w.links()).toEqual(['dnc1']);

    const ours = fakeProcess(['dockerd', '--host', `unix://${w.work}/docker.sock`, '--data-root', path.join(w.work, 'data')]);
    await waitFor(() => fs.readFileSync(`/proc/${ours}/cmdline`, 'utf8').startsWith('dockerd'));
    fs.writeFileSync(path.join(w.work, 'dockerd.pid'), `${ours}\n`);
    const stopped = spawnSync('/bin/bash', [ENGINE, 'stop', w.work], { env: w.env, encoding: 'utf8', timeout: 30_000 });
    expect(stopped.stderr).toContain(`dockerd ${ours} stopped`);
    expect(stopped.status).toBe(0);
    expect(await waitFor(() => !alive(ours))).toBe(true);
    expect(w.links()).toEqual([]);
  });

  test('postmaster_pid (.ci/run): only a postgres server of that data directory, by -D or by its working directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-pg-pid-'));
    temps.push(dir);
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    const pidfile = path.join(data, 'postmaster.pid');
    const check = () => spawnSync('/bin/bash', ['-c', `. ${PID_CHECK}; postmaster_pid "$1" || echo refused`, '_', pidfile], { encoding: 'utf8' }).stdout.trim();
    const byOption = fakeProcess(['/usr/lib/postgresql/15/bin/postgres', '-D', data]);
    const byCwd = fakeProcess(['postgres'], data);
    const other = fakeProcess(['postgres', '-D', path.join(dir, 'elsewhere')]);
    const notPostgres = fakeProcess(['bash', '-D', data]);
    await waitFor(() => [byOption, byCwd, other, notPostgres].every((p) => fs.existsSync(`/proc/${p}/cmdline`) && !fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').startsWith('/bin/bash\0-c\0exec')));
    for (const [pid, expected] of [[byOption, String(byOption)], [byCwd, String(byCwd)], [other, 'refused'], [notPostgres, 'refused']] as const) {
      fs.writeFileSync(pidfile, `${pid}\n${data}\n`);
      expect(check()).toBe(expected);
    }
    fs.writeFileSync(pidfile, '$(touch /tmp/x)\n');
    expect(check()).toBe('refused');
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/if pid="\$\(postmaster_pid "\$pidfile"\)"; then\n\s+kill -INT "\$pid"/);
  });
});
