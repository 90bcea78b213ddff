/**
 * Where a command writes: the result on stdout, messages on stderr, and, on a terminal only, one progress line on
 * stderr that is rewritten in place and cleared before anything else is written. Not on a terminal (a pipe, a file,
 * a CI log, or CI set): plain lines, no escape codes, no progress.
 */

/** The streams and directory of one run of a command. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The user's directory, for relative paths: npm's INIT_CWD under `npm run`, else the current directory. */
  readonly cwd: string;
  /** The environment (DOCKER_HOST, TF_VAR_..., NO_COLOR...). */
  readonly env: NodeJS.ProcessEnv;
  /** stdout is a terminal (colour by default). */
  readonly stdoutTty: boolean;
  /** stderr is a terminal and CI is not set: progress is shown there. */
  readonly progressTty: boolean;
}

/** The process's own streams. */
export function processIo(): CommandIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.env.INIT_CWD || process.cwd(),
    env: process.env,
    stdoutTty: process.stdout.isTTY === true,
    progressTty: process.stderr.isTTY === true && !process.env.CI,
  };
}

/** One progress line on a terminal; nothing otherwise. */
export interface Progress {
  /** Shows `message` (replacing the previous one). */
  step(message: string): void;
  /** Clears the line, so that what follows starts on a clean line. */
  done(): void;
}

/** The progress line of `io`: on a terminal, `… message` rewritten in place on stderr; else silent. */
export function progress(io: CommandIo): Progress {
  if (!io.progressTty) return { step: () => undefined, done: () => undefined };
  let shown = false;
  return {
    step(message) {
      const width = Math.max(20, (process.stderr.columns || 80) - 1);
      io.stderr(`\r\x1b[2K… ${message.length > width - 2 ? `${message.slice(0, width - 3)}…` : message}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
