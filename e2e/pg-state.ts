/**
 * Shared state with locking, for real: a PostgreSQL 15 server started here (unix socket in a temporary
 * directory, no TCP listener, trust authentication for the local user only), cdktf's `PgBackend` with the
 * connection string left out of cdk.tf.json (PG_CONN_STR supplies it), and two Terraform working directories
 * of one stack, as two team members or two pipeline jobs would have.
 *
 * Cases: two concurrent applies, one without waiting (fails with the lock error) and both waiting
 * (`-lock-timeout`: one applies, the other finds nothing to do); an apply killed with SIGKILL mid-way (the
 * state lock is released with its database session, and the recovery documented in the README works). After
 * each: nothing lost, the state matches the engine (a plan is empty).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PgBackend } from 'cdktf';
import { DefaultBridgeStack } from '../stacks';
import { run, RunResult } from './harness';
import { start } from '../cli/process';
import { begin, leftovers, namesOf, outcome, Sequence, SequenceContext, synthStack, tail, tfIn } from './sequence';

/** A PostgreSQL server of its own: data and socket under a temporary directory, stopped by PID. */
export class PostgresServer {
  public readonly dir = fs.mkdtempSync(path.join(process.env.E2E_WORK_PARENT ?? os.tmpdir(), 'dnc-pg-'));
  private pid?: number;

  /** Starts it; returns an error text, or undefined when it runs. */
  public start(): string | undefined {
    // On PATH, else where Debian's postgresql package puts them.
    const found = run('sh', ['-c', 'command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1']).stdout.trim().split('\n')[0];
    if (!found) return 'initdb not found (Debian: apt-get install postgresql)';
    const bin = path.dirname(found);
    // PostgreSQL refuses to run as root: run it as the `postgres` user (Debian's package creates it) or nobody.
    const user = run('id', ['-u', 'postgres']).code === 0 ? 'postgres' : 'nobody';
    fs.chmodSync(this.dir, 0o755);
    run('chown', [user, this.dir]);
    const as = (args: string[], timeoutMs = 60_000) => (process.getuid?.() === 0 ? run('runuser', ['-u', user, '--', ...args], { timeoutMs }) : run(args[0], args.slice(1), { timeoutMs }));
    const init = as([path.join(bin, 'initdb'), '-D', path.join(this.dir, 'data'), '--auth=trust', '-U', 'postgres', '--no-sync']);
    if (init.code !== 0) return `initdb failed: ${init.stderr.slice(-500)}`;
    const start = as([path.join(bin, 'pg_ctl'), '-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'server.log'), '-w', '-t', '60',
      '-o', `-k ${this.dir} -c listen_addresses='' -c fsync=off`, 'start']);
    if (start.code !== 0) return `pg_ctl start failed: ${start.stdout}${start.stderr}`;
    // postmaster.pid belongs to the postgres user: take its PID only if that process is this data directory's server.
    const pid = Number(fs.readFileSync(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!isPostgresOf(pid, path.join(this.dir, 'data'))) return `postmaster.pid names PID ${pid}, which is not postgres -D ${path.join(this.dir, 'data')}`;
    this.pid = pid;
    return undefined;
  }

  /** The connection string Terraform's pg backend reads from PG_CONN_STR: a socket, no password. */
  public get connStr(): string {
    return `host=${this.dir} user=postgres dbname=postgres sslmode=disable`;
  }

  /** Stops the server by its PID (fast shutdown), waiting up to 30 s. */
  public stop(): void {
    if (!this.pid) return;
    try {
      process.kill(this.pid, 'SIGINT');
      for (let i = 0; i < 60 && alive(this.pid); i++) run('sleep', ['0.5']);
      if (alive(this.pid)) process.kill(this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    this.pid = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether process `pid` runs postgres with `-D dataDir` (read from /proc/<pid>/cmdline, NUL-separated). */
function isPostgresOf(pid: number, dataDir: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const d = argv.indexOf('-D');
    return path.basename(argv[0]) === 'postgres' && d > 0 && path.resolve(argv[d + 1] ?? '') === path.resolve(dataDir);
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A Terraform command running in the background, in its own process group, output to a file. */
class Background {
  private readonly out: string;
  private readonly rcFile: string;
  public readonly pid: number;

  constructor(ctx: SequenceContext, dir: string, args: string[], env: NodeJS.ProcessEnv, label: string) {
    this.out = path.join(dir, `${label}.log`);
    this.rcFile = path.join(dir, `${label}.rc`);
    fs.rmSync(this.rcFile, { force: true });
    const fd = fs.openSync(this.out, 'w');
    const child = start('sh', ['-c', '"$@"; echo $? > "$RC_FILE"', 'sh', ctx.terraform, ...args, '-input=false', '-no-color'], {
      cwd: dir,
      env: { ...ctx.tfEnv, ...env, RC_FILE: this.rcFile },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    child.unref();
    fs.closeSync(fd);
    this.pid = child.pid!;
  }

  public output(): string {
    return fs.existsSync(this.out) ? fs.readFileSync(this.out, 'utf8') : '';
  }

  /** Waits (bounded) until the output matches `re`; true when it did. */
  public waitFor(re: RegExp, timeoutMs = 60_000): boolean {
    for (const end = Date.now() + timeoutMs; Date.now() < end; run('sleep', ['0.2'])) {
      if (re.test(this.output())) return true;
      if (fs.existsSync(this.rcFile)) return re.test(this.output());
    }
    return false;
  }

  /** Waits (bounded) for the exit; the result like `run`'s. */
  public result(timeoutMs = 600_000): RunResult {
    for (const end = Date.now() + timeoutMs; !fs.existsSync(this.rcFile) && Date.now() < end; ) run('sleep', ['0.3']);
    const text = fs.existsSync(this.rcFile) ? fs.readFileSync(this.rcFile, 'utf8').trim() : '';
    if (!text) this.kill();
    return { code: text ? Number(text) : 124, stdout: this.output(), stderr: '' };
  }

  /** SIGKILL to the whole process group: Terraform and its provider plugin, as a crashed runner would. */
  public kill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export const PG_STATE_SEQUENCE: Sequence = {
  name: 'pg-state',
  run(ctx: SequenceContext) {
    const { checks, step } = begin('pg-state');
    const pg = new PostgresServer();
    step('starting PostgreSQL on a unix socket in a temporary directory');
    const why = pg.start();
    if (why) {
      checks.that('PostgreSQL starts', () => ({ ok: false, detail: why }));
      pg.stop();
      return outcome('pg-state', ctx, checks);
    }
    const { dir: a, doc } = synthStack(ctx, path.join(ctx.work, 'pg', 'a'), (app, props) => {
      const stack = new DefaultBridgeStack(app, 'pg-state', props);
      // The connection string stays out of cdk.tf.json: Terraform reads PG_CONN_STR.
      new PgBackend(stack, { connStr: '', schemaName: 'dnc_e2e' }).addOverride('conn_str', undefined);
      return stack;
    });
    const b = path.join(ctx.work, 'pg', 'b');
    fs.cpSync(a, b, { recursive: true });
    const env = { PG_CONN_STR: pg.connStr };
    const containers = namesOf(doc, 'docker_container');
    const networks = namesOf(doc, 'docker_network');
    const resourceCount = Object.values<any>(doc.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
    const tf = (dir: string, args: string[]) => tfIn(ctx, dir, args, env);
    /** Nothing lost and the state matches the engine: every resource in the state, every container running, an empty plan. */
    const consistent = (when: string) => {
      const list = run(ctx.terraform, ['state', 'list'], { cwd: b, env: { ...ctx.tfEnv, ...env } }); // takes no -input/-no-color
      const plan = tf(b, ['plan', '-detailed-exitcode', '-lock-timeout=60s']);
      const running = containers.map((c) => ctx.engine.inspectContainer(c).State.Running);
      checks.that(`${when}: the shared state holds all ${resourceCount} resources, all containers run, a plan from the other directory is empty`, () => ({
        ok: list.stdout.trim().split('\n').length === resourceCount && running.every(Boolean) && plan.code === 0,
        detail: `state list: ${list.stdout.trim().split('\n').join(', ')}; running: ${running}; ${tail(plan, 800)}`,
      }));
    };
    let deployed = false;
    try {
      checks.that('cdk.tf.json configures the pg backend without a connection string', () => ({
        ok: JSON.stringify(doc.terraform.backend) === '{"pg":{"schema_name":"dnc_e2e"}}' && !JSON.stringify(doc).includes(pg.dir),
        detail: JSON.stringify(doc.terraform.backend),
      }));
      for (const dir of [a, b]) {
        const init = tf(dir, ['init']);
        if (init.code !== 0) throw new Error(`terraform init with the pg backend failed: ${tail(init)}`);
      }

      step('two concurrent applies, the second without waiting for the lock');
      const first = new Background(ctx, a, ['apply', '-auto-approve', '-lock-timeout=120s'], env, 'apply1');
      deployed = true;
      const holding = first.waitFor(/Creating\.\.\./);
      const second = tf(b, ['apply', '-auto-approve', '-lock-timeout=0s']);
      const firstResult = first.result();
      checks.that('while the first apply holds the lock, the second fails with the lock error (exit 1)', () => ({
        ok: holding && second.code === 1 && /Error acquiring the state lock/.test(second.stdout + second.stderr),
        detail: tail(second),
      }));
      checks.that('the first apply completes', () => ({ ok: firstResult.code === 0, detail: tail(firstResult) }));
      consistent('after it');

      step('destroy, then two concurrent applies that both wait (-lock-timeout=180s)');
      const destroy = tf(a, ['destroy', '-auto-approve', '-lock-timeout=60s']);
      checks.that('destroy through the shared state leaves nothing', () => ({ ok: destroy.code === 0 && leftovers(ctx.engine, containers, networks).length === 0, detail: tail(destroy) }));
      const p = new Background(ctx, a, ['apply', '-auto-approve', '-lock-timeout=180s'], env, 'apply2');
      const q = new Background(ctx, b, ['apply', '-auto-approve', '-lock-timeout=180s'], env, 'apply3');
      const [pr, qr] = [p.result(), q.result()];
      const added = [pr, qr].map((r) => /Resources: (\d+) added/.exec(r.stdout)?.[1] ?? (/No changes/.test(r.stdout) ? '0' : '?'));
      checks.that('both succeed: one creates everything, the other waits for the lock and then has nothing to do', () => ({
        ok: pr.code === 0 && qr.code === 0 && added.sort().join(',') === `0,${resourceCount}`,
        detail: `added: ${added}; ${tail(pr, 600)} ${tail(qr, 600)}`,
      }));
      consistent('after both');

      step('an apply killed (SIGKILL) mid-way');
      const destroy2 = tf(a, ['destroy', '-auto-approve', '-lock-timeout=60s']);
      if (destroy2.code !== 0) throw new Error(`destroy failed: ${tail(destroy2)}`);
      const doomed = new Background(ctx, a, ['apply', '-auto-approve', '-lock-timeout=60s'], env, 'apply4');
      const midway = doomed.waitFor(/Creating\.\.\./);
      doomed.kill();
      run('sleep', ['1']);
      const next = tf(b, ['apply', '-auto-approve', '-lock-timeout=30s']);
      checks.that('the killed apply left no lock behind: the next apply gets the lock (its session ended, so did the lock)', () => ({
        ok: midway && !/Error acquiring the state lock/.test(next.stdout + next.stderr),
        detail: tail(next),
      }));
      if (next.code !== 0) {
        // What the killed apply created but never recorded: the README's recovery removes it, then applies.
        const orphans = leftovers(ctx.engine, containers, networks);
        step(`recovery: removing what the killed apply created but did not record (${orphans.join(', ') || 'nothing'})`);
        for (const o of orphans) {
          if (containers.includes(o)) ctx.engine.docker(['rm', '-f', o]);
          else ctx.engine.docker(['network', 'rm', o]);
        }
        const retry = tf(b, ['apply', '-auto-approve', '-lock-timeout=30s']);
        checks.that('after removing the unrecorded objects, the apply succeeds', () => ({ ok: retry.code === 0, detail: tail(retry) }));
      } else {
        checks.that('the next apply completes what the killed one started', () => ({ ok: next.code === 0, detail: tail(next) }));
      }
      consistent('after the recovery');
    } catch (e) {
      checks.that('pg-state sequence', () => ({ ok: false, detail: (e as Error).message }));
    } finally {
      if (deployed) {
        step('terraform destroy');
        const destroy = tf(a, ['destroy', '-auto-approve', '-lock-timeout=60s']);
        checks.that('terraform destroy succeeds and leaves nothing', () => ({ ok: destroy.code === 0 && leftovers(ctx.engine, containers, networks).length === 0, detail: tail(destroy) }));
      }
      step('stopping PostgreSQL by PID');
      pg.stop();
    }
    return outcome('pg-state', ctx, checks);
  },
};
