/**
 * The one argument parser of the command-line tool: node's own `util.parseArgs` (strict: an unknown option or a
 * missing value is an error, never ignored), with the tool's conventions around it: `-h`/`--help` anywhere before
 * `--` answers with the usage and starts no work, whatever else is on the line; a wrong argument is a
 * {@link UsageError} (exit status 2, the message then the usage on stderr), with the nearest option when one is
 * close. No package for it: parseArgs is in every Node the package supports (>= 20) and does what the commands need.
 */
import { parseArgs } from 'util';
import { didYouMean } from '../constructs/private/did-you-mean';

/** The exit statuses every command of the tool uses, as its usage texts list them. */
export const EXIT = {
  /** Done; nothing found that needs attention. */
  ok: 0,
  /** Failed: the input has problems, something could not be read, or an action failed. */
  failed: 1,
  /** Wrong arguments: the message and the usage on stderr; nothing was read or written. */
  usage: 2,
  /** Done, and found what needs attention (differences, orphans, foreign endpoints). */
  found: 3,
  /** Refused: it cannot prove what it would act on (orphans without a deployment id). */
  refused: 4,
  /** Could not check: verify when the stack is not synthesized, an engine cannot be reached, or no probe could run. */
  unavailable: 5,
} as const;

/** A wrong command line: its message goes on stderr above the usage, and the exit status is {@link EXIT}.usage. */
export class UsageError extends Error {}

/** True when the command line asks for help (`-h` or `--help` before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
  }
  return false;
}

/** What a command accepts: parseArgs' option descriptions. */
export type OptionsSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'] & object;

/** The parsed command line: option values by name and the positional arguments. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * Parses `argv` against `options` (strict, positionals allowed); a wrong line throws a {@link UsageError} that
 * names the option and, when one is close, the option meant ("unknown option --jsn (did you mean --json?)").
 */
export function parseCommandLine(argv: readonly string[], options: OptionsSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec(err.message)?.[1] ?? '?';
      const near = option.startsWith('--') ? didYouMean(option, Object.keys(options).map((o) => `--${o}`)) : undefined;
      throw new UsageError(`unknown option ${option}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = /--[\w-]+/.exec(err.message)?.[0];
      throw new UsageError(option ? `${option} ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}` : err.message);
    }
    throw new UsageError(err.message);
  }
}

/** The value of a string option (the last one given), if any. */
export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable string option. */
export function stringValues(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}

/** Of two opposite boolean flags (`--color`, `--no-color`), the one given last in `argv`; undefined if neither. */
export function lastOf(argv: readonly string[], yes: string, no: string): boolean | undefined {
  const end = argv.indexOf('--');
  const line = end < 0 ? argv : argv.slice(0, end);
  const y = line.lastIndexOf(yes);
  const n = line.lastIndexOf(no);
  return y < 0 && n < 0 ? undefined : y > n;
}
