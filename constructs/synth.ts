/** Something that synthesizes: a cdktf `App` (kept structural, so this file imports nothing from cdktf). */
export interface ISynthesizable {
  /** Writes the synthesized stacks; throws when a validation fails. */
  synth(): void;
}

/** Where {@link synthOrExplain} writes, and how it ends the process. For tests; the defaults fit an app. */
export interface SynthOrExplainOptions {
  /**
   * Receives the list of problems and the closing line. One stream: cdktf shows what an app writes to stderr as
   * timestamped `[ERROR]` log lines, and repeats both streams in its summary.
   * @default process.stdout
   */
  readonly out?: { write(text: string): unknown };
  /**
   * Called with 1 after a failed validation.
   * @default - process.exit
   */
  readonly exit?: (code: number) => void;
}

const VALIDATION = /^Validation failed with the following errors:/;
/** cdktf adds the stack's default LocalBackend as the child `backend` when the app synthesizes (Testing.synth does not). */
const BACKEND_ID = /^There is already a Construct with name 'backend' in \S+ \[([^\]]*)\]/;
const SKIP_HINT = /\n+If you wish to ignore these validations.*$/s;

/**
 * The problems of every stack of the app. cdktf validates stack by stack while it writes them and stops at the first
 * stack that fails, so the others' problems would only show after that one is fixed; every stack has been prepared
 * by then, so their validations run here as cdktf runs them. Undefined for something that is not a construct.
 */
function everyStackProblems(app: ISynthesizable): string[] | undefined {
  const node = (app as { node?: { findAll?: () => unknown[] } }).node;
  if (typeof node?.findAll !== 'function') return undefined;
  const lines: string[] = [];
  for (const c of node.findAll()) {
    const validate = (c as { runAllValidations?: () => void }).runAllValidations;
    if (typeof validate !== 'function') continue;
    try {
      validate.call(c);
    } catch (e) {
      const message = e instanceof Error ? e.message : '';
      if (!VALIDATION.test(message)) continue;
      for (const line of message.replace(SKIP_HINT, '').split('\n').slice(1)) if (line.trim() !== '' && !lines.includes(line.trim())) lines.push(line.trim());
    }
  }
  return lines;
}

/**
 * `app.synth()`, with a failed validation printed as one list and no stack trace. Use it in place of
 * `app.synth()` as the last line of your app's `main.ts`:
 *
 * ```ts
 * synthOrExplain(app); // instead of app.synth()
 * ```
 *
 * When the constructs find problems, it prints every one of them once (`[construct/path] the bad value ...; the
 * fix`), without the stack trace of the `Error` and without cdktf's hint to pass `skipValidation` (which would
 * switch every check of the library off), then exits with status 1, so `cdktf synth`/`deploy` stop. A construct
 * with the id `backend` directly in a stack (cdktf's default LocalBackend takes that id at synth) is said the same
 * way, with the fix. Any other error is thrown as `app.synth()` throws it (a bug deserves its stack trace).
 */
export function synthOrExplain(app: ISynthesizable, options: SynthOrExplainOptions = {}): void {
  try {
    app.synth();
  } catch (e) {
    const message = e instanceof Error ? e.message : undefined;
    const backend = message === undefined ? null : BACKEND_ID.exec(message);
    if (message === undefined || (!VALIDATION.test(message) && !backend)) throw e;
    const out = options.out ?? process.stdout;
    const all = backend ? undefined : everyStackProblems(app);
    if (all && all.length > 0) out.write(`Validation failed with the following errors:\n  ${all.join('\n  ')}\n`);
    else if (backend) out.write(`[${backend[1]}/backend] a construct has the id "backend" directly in the stack, which cdktf gives the stack's default LocalBackend at synth; give it another id, e.g. "backend-svc" (its name: prop keeps the Docker name)\n`);
    else out.write(`${message.replace(SKIP_HINT, '').trimEnd()}\n`);
    out.write('synth stopped: fix the problems listed above (all of them are listed)\n');
    (options.exit ?? ((code: number) => process.exit(code)))(1);
  }
}
