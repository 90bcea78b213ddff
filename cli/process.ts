/**
 * The one way the tooling (the command-line tool, the benchmarks, the real-engine suite) starts another program:
 * never through a shell, always bounded in time, its output captured as text, its outcome an exit status rather
 * than an exception. The published constructs never start a process through it (they do not depend on the tooling).
 */
import { ChildProcess, spawn, spawnSync, StdioOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The outcome of a command. */
export interface RunResult {
  /** The exit status; 128 + the signal's number when a signal ended it; 124 when it ran out of time (as timeout(1)). */
  readonly code: number;
  readonly stdout: string;
  /** What it wrote on stderr, followed by the reason it could not be started or was stopped, if any. */
  readonly stderr: string;
  /** True when it was stopped for running longer than `timeoutMs` (results made elsewhere may leave it out). */
  readonly timedOut?: boolean;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - the current directory */
  readonly cwd?: string;
  /** @default 120000 (two minutes) */
  readonly timeoutMs?: number;
  /** Text on its standard input. @default - none (stdin is /dev/null) */
  readonly input?: string;
  /** @default 64 MiB */
  readonly maxBuffer?: number;
  /** `inherit`: its stderr goes to this process's (progress of a setup script), and `stderr` holds only the reason it failed. @default 'pipe' */
  readonly stderr?: 'pipe' | 'inherit';
}

/**
 * Runs `cmd` with `args` (no shell: an argument is never interpreted) and waits for it, bounded by `timeoutMs`.
 * Never throws: a program that cannot be started, fails or times out gives a non-zero `code` and says why in
 * `stderr`. Synchronous on purpose: a signal that arrives meanwhile is handled once it returns, so a caller's
 * clean-up (the TLS keys of the engine reader) runs before the process ends.
 */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const r = spawnSync(cmd, args as string[], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', options.stderr ?? 'pipe'],
    encoding: 'utf8',
    maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const signalled = r.signal ? 128 + (os.constants.signals[r.signal] ?? 0) : undefined;
  return {
    code: timedOut ? 124 : r.status ?? signalled ?? 1,
    stdout: r.stdout ?? '',
    stderr: (r.stderr ?? '') + (r.error ? `${r.stderr ? '\n' : ''}${r.error.message}` : ''),
    timedOut,
  };
}

/** {@link run}, returning stdout; throws `describe(result)` (default: the command and its stderr) unless it exits 0. */
export function runOrThrow(cmd: string, args: readonly string[], options: RunOptions = {}, describe?: (r: RunResult) => string): string {
  const r = run(cmd, args, options);
  if (r.code !== 0) throw new Error(describe ? describe(r) : `${cmd} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Options of {@link start}. */
export interface StartOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** In a process group of its own, so that `process.kill(-pid)` reaches it and its children. @default false */
  readonly detached?: boolean;
  /** @default ['ignore', 'pipe', 'pipe'] */
  readonly stdio?: StdioOptions;
}

/**
 * Starts `cmd` with `args` (no shell) and returns at once, for a program that runs beside the caller (a
 * Terraform apply to interrupt, a benchmark step to time): the caller bounds it and reads its exit.
 */
export function start(cmd: string, args: readonly string[], options: StartOptions = {}): ChildProcess {
  return spawn(cmd, args as string[], { env: options.env ?? process.env, cwd: options.cwd, detached: options.detached ?? false, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'] });
}

/** True when `cmd` is an executable file on PATH (or a path to one), as `command -v` finds it, without a shell. */
export function onPath(cmd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const executable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return executable(cmd);
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && executable(path.join(dir, cmd)));
}
