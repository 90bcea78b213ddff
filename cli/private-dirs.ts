/**
 * Private temporary directories of the engine reader (cli/engine.ts): TLS key material written from TF_VAR_...
 * variables, the `ssh` wrapper that carries a stack's ssh options. Each is made with mode 0700 and removed by
 * {@link removePrivateDir}, and whatever is left when the process exits, or when it is told to stop (SIGINT from
 * Ctrl-C, SIGTERM or SIGHUP from a cancelled CI job or a closed terminal): then it exits with the conventional
 * status 128 + the signal's number (130, 143, 129). A docker call in flight finishes first (its timeout is 60 s);
 * the directories are gone before the exit.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const dirs = new Set<string>();
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeAll(): void {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

const onStopSignal = (signal: NodeJS.Signals): void => {
  removeAll();
  process.exit(128 + os.constants.signals[signal]);
};

/**
 * From the first directory made on, a stop signal removes them and ends the process. The handler stays for the
 * process's life: a signal that arrives during a synchronous docker call is handled after it, when the directory
 * may already be released, and must still end the process rather than be swallowed.
 */
function trapStopSignals(): void {
  for (const s of STOP_SIGNALS) if (!process.listeners(s).includes(onStopSignal)) process.on(s, onStopSignal);
}
process.once('exit', removeAll);

/** A new directory `$TMPDIR/<prefix>XXXXXX`, mode 0700, removed at exit or on a stop signal at the latest. */
export function makePrivateDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  dirs.add(dir);
  trapStopSignals();
  return dir;
}

/** True when `dir` is a directory {@link makePrivateDir} made and that is not removed yet. */
export function isPrivateDir(dir: string | undefined): dir is string {
  return dir !== undefined && dirs.has(dir);
}

/** Removes a directory {@link makePrivateDir} made; any other path is left alone. */
export function removePrivateDir(dir: string | undefined): void {
  if (!isPrivateDir(dir)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}
