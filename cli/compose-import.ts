/**
 * `docker-network-cdktf compose import`: turns a Compose file into a TypeScript cdktf stack built from this
 * library's constructs (in this repository also `npm run compose:import`, scripts/compose-import.ts):
 *
 *   npx docker-network-cdktf compose import compose.yaml --out stacks/shop.ts
 *   npm run compose:import -- examples/compose/web-app.yml --out stacks/shop.ts
 *   npm run -s compose:import -- examples/compose/web-app.yml > stacks/shop.ts   (-s: no npm banner in the file)
 *
 * Relative paths resolve against the directory npm was run in (INIT_CWD), not the repository root npm changes to.
 * Variables are interpolated from the environment and `.env` beside the file, as Compose does; their values are never
 * written into the stack (each becomes a TerraformVariable, given as TF_VAR_<name>). The options and exit statuses
 * are in USAGE below (`--help`).
 */
import * as fs from 'fs';
import * as path from 'path';
import writeFileAtomic from 'write-file-atomic';
import { generateStack, INSECURE_FLAGS, loadCompose } from '../constructs/compose';
import type { ComposePlan, ComposeVocabulary, GenerateOptions, LoadComposeOptions } from '../constructs/compose';
import type { InsecureOptions } from '../constructs/security';
import { EXIT as TOOL_EXIT, ParsedArgs, parseCommandLine, stringValue, stringValues, UsageError, wantsHelp } from './args';
import { checkGeneratedStack } from './compose-check';
import { ImportMessages } from './messages';

/** Exit statuses, as the usage text lists them (the tool's: 0 done, 1 failed, 2 usage). */
export const EXIT = { ok: TOOL_EXIT.ok, problems: TOOL_EXIT.failed, usage: TOOL_EXIT.usage } as const;

/** The package's root: this file is cli/ in the source tree and dist/cli/ once compiled. */
const REPO = ((): string => {
  const up = path.resolve(__dirname, '..');
  return path.basename(up) === 'dist' && fs.existsSync(path.join(up, '..', 'package.json')) ? path.dirname(up) : up;
})();

/** `text` broken after commas into lines of at most `width` characters, joined with `join`. */
function wrap(text: string, width: number, join: string): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    if (lines.length > 0 && lines[lines.length - 1].length + word.length < width) lines[lines.length - 1] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join(join);
}

/** The usage text of the command as `program` runs it. */
export function composeImportUsage(program: string): string {
  const npmRun = program.startsWith('npm run');
  return `usage: ${program} <compose file> [options]
       ${program} -f <file> [-f <file>]... [options]
Prints a TypeScript cdktf stack built from this library's constructs (or writes it with --out).

  -f, --file FILE         a Compose file, repeatable: the files are merged in order as docker compose -f merges
                          them (without -f, the one file given and the override file Compose finds beside it,
                          e.g. compose.override.yaml beside compose.yaml)
  --profile NAME          enable a profile (repeatable; default: COMPOSE_PROFILES, else none)

  --out FILE              write the stack to FILE (atomically: a temporary file renamed into place) instead of
                          stdout${npmRun ? `; with plain stdout, run npm with -s (npm run -s compose:import -- ...) so that
                          npm's banner does not end up in the file` : ''}
  --project-name NAME     the Compose project name (default: the file's name:, else its directory's name)
  --project-root DIR      the directory the file's paths (build contexts, secrets, include, extends, env_file) may
                          reach (default: the file's directory); give a parent you trust when the file builds
                          from sibling directories (context: ../api)
  --class NAME            the class name (default: <Project>Stack)
  --mode MODE             secure (default: ports on 127.0.0.1, capabilities dropped, no-new-privileges) or
                          compose-compatible (as Compose does)
  --swarm                 services become swarm services, networks overlays (as docker stack deploy does)
  --insecure SVC=FLAG[,FLAG]
                          opt service SVC out of secure defaults (repeatable), e.g. --insecure web=privileged;
                          flags: ${wrap(INSECURE_FLAGS.join(', '), 80, '\n' + ' '.repeat(33))}
  --accept-unmapped       list fields that cannot be carried over as comments in the stack instead of failing
  --force                 write (or print) the stack even when it does not type-check or synthesize (see below),
                          with the problems at its top; the exit status is still ${EXIT.problems}
  --import-from MODULE    where the stack imports the constructs from (default: with --out inside this
                          repository, the relative path to its constructs/; with --out elsewhere,
                          docker-network-cdktf; on stdout, ../constructs inside this repository, right
                          for its stacks/, else docker-network-cdktf)
  -h, --help              print this and exit

Relative paths are taken from the directory ${npmRun ? 'npm was run in' : 'you run the command in'}. Variables are interpolated from the environment
and .env beside the Compose file; their values are not written into the stack: each variable used becomes a
sensitive TerraformVariable, given as TF_VAR_<name> at plan and apply.

Before anything is written or printed, the stack is type-checked in memory (TypeScript's compiler API: the
typescript package of your app, 5 or 6, else the one beside this package; strict, noUnusedLocals) against this
library's types and synthesized with its validations in a temporary directory. A stack that fails either is not
written (a bug of the importer: please report it with the Compose file), unless --force.

exit status: ${EXIT.ok} the stack was printed or written, and it compiles and synthesizes; ${EXIT.problems} the Compose file has
problems (all listed), the generated stack does not compile or synthesize (or could not be checked), or --out
cannot be written: nothing was written (with --force the stack was written anyway); ${EXIT.usage} usage error (an
unknown option, a missing file argument), nothing was read or written.
`;
}

/** The usage text of `npm run compose:import` (this repository's alias). */
export const USAGE = composeImportUsage('npm run compose:import --');

/** The command line's wording of the fixes the importer's messages suggest: its flags. */
export const CLI_VOCABULARY: ComposeVocabulary = {
  swarm: 'run with --swarm',
  insecure: (svc, flag) => `--insecure ${svc}=${flag}`,
  acceptUnmapped: 'accept it with --accept-unmapped (listed as a comment in the stack)',
  compatibleMode: 'run with --mode compose-compatible',
  projectName: 'give --project-name',
  variables: () => 'or in .env beside the Compose file',
  projectRoot: (dir) => `--project-root ${JSON.stringify(dir)}`,
};

const OPTIONS = {
  out: { type: 'string' },
  'project-name': { type: 'string' },
  'project-root': { type: 'string' },
  class: { type: 'string' },
  mode: { type: 'string' },
  swarm: { type: 'boolean' },
  'accept-unmapped': { type: 'boolean' },
  force: { type: 'boolean' },
  'import-from': { type: 'string' },
  file: { type: 'string', short: 'f', multiple: true },
  profile: { type: 'string', multiple: true },
  insecure: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Words a class cannot be named (TypeScript's reserved words and strict-mode ones). */
const RESERVED_CLASS_NAMES = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined'.split(' '),
);

/** Where output goes and which directory relative paths are taken from. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The user's directory: npm sets INIT_CWD to it and runs scripts in the repository root. */
  readonly cwd: string;
}

const PROCESS_IO: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.env.INIT_CWD || process.cwd(),
};

/**
 * `--insecure svc=flag[,flag]` options as ComposeProject's `insecure`, or the usage error. Service and flag names
 * are checked by the importer against the file and InsecureOptions, with the rest.
 */
function insecureOptions(specs: readonly string[]): Record<string, InsecureOptions> | string {
  const insecure: Record<string, Record<string, boolean>> = {};
  for (const spec of specs) {
    const m = /^([^=,\s]+)=([^=\s]+)$/.exec(spec);
    if (!m) return `--insecure ${spec}: write it as service=flag[,flag], e.g. web=privileged`;
    for (const flag of m[2].split(',').filter(Boolean)) insecure[m[1]] = { ...insecure[m[1]], [flag]: true };
  }
  return insecure as Record<string, InsecureOptions>;
}

/** The command: `argv` without the program name; the usage names the command as `program`. Returns the exit status. */
export function main(argv: readonly string[], io: CliIo = PROCESS_IO, program = 'npm run compose:import --'): number {
  const usage = composeImportUsage(program);
  const usageError = (message: string) => {
    io.stderr(`${message}\n${usage}`);
    return EXIT.usage;
  };
  if (wantsHelp(argv)) {
    io.stdout(usage);
    return EXIT.ok;
  }
  let parsed;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usageError(e.message);
  }
  const values = {
    out: stringValue(parsed, 'out'),
    'project-name': stringValue(parsed, 'project-name'),
    class: stringValue(parsed, 'class'),
    mode: stringValue(parsed, 'mode') ?? 'secure',
    swarm: parsed.values.swarm === true,
    'accept-unmapped': parsed.values['accept-unmapped'] === true,
    force: parsed.values.force === true,
    'import-from': stringValue(parsed, 'import-from'),
    insecure: stringValues(parsed, 'insecure'),
  };
  const files = composeFiles(parsed, io.cwd);
  if (files.error !== undefined) return usageError(files.error);
  if (values.mode !== 'secure' && values.mode !== 'compose-compatible') return usageError(`--mode ${values.mode} is not secure or compose-compatible`);
  if (values.class !== undefined && (!/^[A-Za-z_$][\w$]*$/.test(values.class) || RESERVED_CLASS_NAMES.has(values.class))) return usageError(`--class ${JSON.stringify(values.class)} is not a TypeScript class name`);
  const insecure = insecureOptions(values.insecure ?? []);
  if (typeof insecure === 'string') return usageError(insecure);

  const { file, shown } = files;
  const out = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  const loaded = loadCompose({
    ...files.load,
    projectName: values['project-name'],
    projectRoot: ((root) => root && path.resolve(io.cwd, root))(stringValue(parsed, 'project-root')),
    mode: values.mode,
    swarm: values.swarm,
    insecure,
    vocabulary: CLI_VOCABULARY,
    terraformVariables: true,
  });
  for (const w of loaded.warnings) io.stderr(`warning: ${shown(w)}\n`);
  const fatal = [...loaded.errors, ...(values['accept-unmapped'] ? [] : loaded.unmapped.map((u) => `not carried over: ${u}`))];
  if (fatal.length > 0 || !loaded.plan) {
    for (const e of fatal) io.stderr(`error: ${shown(e)}\n`);
    if (!values['accept-unmapped'] && loaded.unmapped.length > 0) io.stderr('(--accept-unmapped lists the fields not carried over as comments instead)\n');
    io.stderr(`nothing ${out ? 'written' : 'printed'}: ${fatal.length} problem${fatal.length === 1 ? '' : 's'}\n`);
    return EXIT.problems;
  }
  const importFrom = values['import-from'] ?? defaultImport(out, io.cwd);
  const options = { className: values.class, importFrom, sourceFile: path.relative(io.cwd, file), notes: loaded.unmapped.map((u) => `NOT CARRIED OVER: ${shown(u)}`) };
  const checked = checkedStack(loaded.plan, options, { io, out, shownOut: values.out, force: values.force });
  if (typeof checked === 'number') return checked;
  const { code, cls, failed } = checked;
  if (!out) {
    io.stdout(code);
    return failed ? EXIT.problems : EXIT.ok;
  }
  const replaced = fs.existsSync(out);
  try {
    // The directory the user named is made, as an editor's "save as" would (stacks/ in a new app).
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // write-file-atomic: a temporary file beside it, fsynced and renamed into place (a reader never sees half a file).
    writeFileAtomic.sync(out, code);
  } catch (e) {
    io.stderr(`error: cannot write ${values.out}: ${(e as Error).message}; nothing written\n`);
    return EXIT.problems;
  }
  io.stderr(`wrote ${values.out}: ${cls}, ${count(loaded.plan.services.length, 'service')}, ${count(loaded.plan.networks.length, 'network')}${replaced ? ' (replaced the file that was there)' : ''}${failed ? ' DESPITE THE PROBLEMS ABOVE (--force)' : '; it type-checks and synthesizes'}\n`);
  return failed ? EXIT.problems : EXIT.ok;
}

/**
 * The generated stack after the check (cli/compose-check.ts): its text, or the exit status when it failed (the
 * problems said on stderr) and --force was not given. With --force, the problems head the text as comments.
 */
function checkedStack(
  plan: ComposePlan,
  options: GenerateOptions & { readonly importFrom: string; readonly notes: readonly string[] },
  o: { readonly io: CliIo; readonly out?: string; readonly shownOut?: string; readonly force: boolean },
): { code: string; cls: string; failed: boolean } | number {
  const what = o.out ? 'written' : 'printed';
  let code: string;
  try {
    code = generateStack(plan, options);
  } catch (e) {
    o.io.stderr(`error: ${(e as Error).message}\nnothing ${what}\n`);
    return EXIT.problems;
  }
  const cls = /export class (\w+)/.exec(code)![1];
  const check = checkGeneratedStack({
    code,
    importFrom: options.importFrom,
    className: cls,
    stackId: plan.projectName,
    fileName: o.out ?? path.join(o.io.cwd, `${cls}.ts`),
    lockFile: plan.addressPlan?.lockFile,
    cwd: o.io.cwd,
  });
  const problems = check.notRun !== undefined ? [check.notRun] : check.problems;
  if (problems.length === 0) return { code, cls, failed: false };
  for (const p of problems) o.io.stderr(`error: ${p}\n`);
  if (!o.force) {
    o.io.stderr(ImportMessages.checkFailed(what, problems.length, check.notRun !== undefined ? 'not run' : check.stage!));
    return EXIT.problems;
  }
  o.io.stderr(ImportMessages.forced(o.shownOut ?? 'the stack on stdout'));
  return { code: generateStack(plan, { ...options, notes: [ImportMessages.forcedNote(), ...problems.map((p) => `  ${p}`), ...options.notes] }), cls, failed: true };
}

/**
 * The Compose files of the command line: one argument (with the override file Compose finds beside it), or several
 * with -f (merged in order); the profiles; and how messages name the files (as the user did). Else the usage error.
 */
function composeFiles(parsed: ParsedArgs, cwd: string): { file: string; load: Pick<LoadComposeOptions, 'file' | 'files' | 'profiles'>; shown: (text: string) => string; error?: undefined } | { error: string } {
  const { positionals } = parsed;
  const listed = stringValues(parsed, 'file');
  if (listed.length > 0 && positionals.length > 0) return { error: `give the Compose files either with -f or as one argument (got ${positionals.join(', ')} and -f ${listed.join(' -f ')})` };
  if (listed.length === 0 && positionals.length !== 1) return { error: positionals.length === 0 ? 'which Compose file?' : `one Compose file at a time (got ${positionals.join(', ')}); to merge several, give each with -f` };
  const given = listed.length > 0 ? listed : positionals;
  const file = path.resolve(cwd, given[0]);
  const profiles = stringValues(parsed, 'profile');
  const load = { ...(listed.length > 0 ? { files: listed.map((f) => path.resolve(cwd, f)) } : { file }), profiles: profiles.length > 0 ? profiles : undefined };
  const shownDir = path.dirname(given[0]);
  const shown = (text: string) => text.split(file).join(given[0]).split(path.dirname(file) + path.sep).join(shownDir === '.' ? '' : shownDir + path.sep);
  return { file, load, shown };
}

/** True when `dir` is inside this repository's source tree (not the package installed in a consumer's node_modules). */
function insideRepository(dir: string): boolean {
  const rel = path.relative(REPO, dir);
  return !rel.startsWith('..') && !path.isAbsolute(rel) && !REPO.split(path.sep).includes('node_modules') && fs.existsSync(path.join(REPO, 'constructs', 'index.ts'));
}

/** The constructs' module as seen from the output file: relative inside this repository, the package outside. */
function defaultImport(out: string | undefined, cwd: string): string {
  if (!out) return insideRepository(cwd) ? '../constructs' : 'docker-network-cdktf';
  if (!insideRepository(path.dirname(path.resolve(cwd, out)))) return 'docker-network-cdktf';
  const rel = path.relative(REPO, out);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'docker-network-cdktf';
  const mod = path.relative(path.dirname(out), path.join(REPO, 'constructs')).split(path.sep).join('/');
  return mod.startsWith('.') ? mod : `./${mod}`;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
