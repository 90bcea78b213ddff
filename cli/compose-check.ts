/**
 * The check `compose import` runs on a generated stack before it reports success: the text type-checked in memory
 * with the TypeScript compiler API against this library's own types (strict, noUnusedLocals: the settings of
 * `cdktf init` apps and of this repository), then transpiled and synthesized with validations on, in a temporary
 * directory (the process works there meanwhile, so an address plan's lock file beside the user's app is read from
 * a copy and never written). Nothing of the user's is written or changed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TS from 'typescript';
import { ImportMessages as CheckMessages } from './messages';

/** What the check found: problems (empty when the stack compiles and synthesizes), or why it could not run. */
export interface StackCheck {
  readonly problems: string[];
  /** Set when the check could not run at all (no TypeScript compiler API); `problems` is then empty. */
  readonly notRun?: string;
  /** Which step found the problems: the type-check (a bug of the generator) or synth (often a problem of the file). */
  readonly stage?: 'types' | 'synth';
}

export interface StackCheckOptions {
  /** The generated text. */
  readonly code: string;
  /** The module the text imports the constructs from (mapped to this library for the check). */
  readonly importFrom: string;
  /** The exported class, and the stack id to synthesize it with. */
  readonly className: string;
  readonly stackId: string;
  /** Where the file would be written (names it in messages; module resolution starts there). */
  readonly fileName: string;
  /** A lock file the stack names (relative to `cwd`), copied into the synth directory when it exists. */
  readonly lockFile?: string;
  readonly cwd: string;
}

/** This library's entry: the type declarations once built (dist/), the sources in a checkout (tsx). */
const LIBRARY = (() => {
  const base = path.join(__dirname, '..', 'constructs', 'index');
  return { types: fs.existsSync(`${base}.d.ts`) ? `${base}.d.ts` : `${base}.ts`, module: path.join(__dirname, '..', 'constructs') };
})();


/** The TypeScript compiler API: the user's (their app's TypeScript) first, else the one beside this package. */
function loadTypeScript(cwd: string, fileName: string): typeof TS | string {
  for (const from of [path.dirname(fileName), cwd, __dirname]) {
    let file: string;
    try {
      file = require.resolve('typescript', { paths: [from] });
    } catch {
      continue;
    }
    const ts = require(file) as typeof TS;
    if (typeof ts.createProgram === 'function' && typeof ts.transpileModule === 'function') return ts;
    return `the typescript package at ${path.dirname(file)} (${(ts as { version?: string }).version ?? 'unknown version'}) has no JavaScript compiler API (TypeScript 7 dropped it)`;
  }
  return 'no typescript package was found';
}

const COMPILER_OPTIONS = (ts: typeof TS): TS.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  esModuleInterop: true,
  skipLibCheck: true,
  isolatedModules: true,
  noEmit: true,
  types: ['node'],
});

/** Parsed declaration files, kept between checks (parsing the library's and cdktf's types is most of the cost). */
const parsed = new Map<string, TS.SourceFile>();

/**
 * Type errors of each generated text, checked as the file `fileName` importing this library as `importFrom`; one
 * program for all of them.
 */
function typeErrors(ts: typeof TS, stacks: readonly StackCheckOptions[]): string[][] {
  const options = COMPILER_OPTIONS(ts);
  const host = ts.createCompilerHost(options);
  const virtual = new Map(stacks.map((o) => [path.resolve(o.fileName), o] as const));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const o = virtual.get(path.resolve(name));
    if (o) return ts.createSourceFile(name, o.code, ts.ScriptTarget.ES2022, true);
    if (!parsed.has(name)) {
      const sf = getSourceFile(name, version, ...rest);
      if (!sf) return undefined;
      parsed.set(name, sf);
    }
    return parsed.get(name);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => virtual.get(path.resolve(name))?.code ?? readFile(name);
  // The generated import is this library; everything else (cdktf, constructs, @types/node) as the library sees it.
  // (`types: ['node']` is resolved from a file TypeScript names `__inferred type names__.ts` in the current directory.)
  const from = (containing: string) => (virtual.has(path.resolve(containing)) || path.basename(containing).startsWith('__inferred type names__') ? LIBRARY.types : containing);
  host.resolveModuleNames = (names, containing) =>
    names.map((name) => {
      if (virtual.get(path.resolve(containing))?.importFrom === name) return { resolvedFileName: LIBRARY.types, extension: LIBRARY.types.endsWith('.d.ts') ? ts.Extension.Dts : ts.Extension.Ts, isExternalLibraryImport: false };
      return ts.resolveModuleName(name, from(containing), options, host).resolvedModule;
    });
  host.resolveTypeReferenceDirectives = (names, containing) =>
    names.map((n) => ts.resolveTypeReferenceDirective(typeof n === 'string' ? n : n.fileName, from(containing), options, host).resolvedTypeReferenceDirective);
  // Node's types as the app or the library sees them; without @types/node, the two globals the generated code
  // reads (`require.main === module`, to run the file directly) are declared, as an app without them would.
  const nodeTypes = ts.resolveTypeReferenceDirective('node', LIBRARY.types, options, host).resolvedTypeReferenceDirective;
  const roots = [...virtual.keys()];
  if (!nodeTypes) {
    const globals = path.join(path.dirname(roots[0]), '__node-globals.d.ts');
    virtual.set(globals, { ...stacks[0], fileName: globals, code: 'declare const require: { main: unknown }; declare const module: unknown;\n' });
    roots.push(globals);
    options.types = [];
  }
  const program = ts.createProgram({ rootNames: roots, options, host });
  const global = program.getGlobalDiagnostics();
  return stacks.map((o) => {
    const sf = program.getSourceFile(path.resolve(o.fileName))!;
    const shown = path.relative(o.cwd, path.resolve(o.fileName)) || o.fileName;
    return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf), ...global].map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      if (!d.file || d.start === undefined) return CheckMessages.typeError(shown, 0, 0, text);
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return CheckMessages.typeError(shown, line + 1, character + 1, text);
    });
  });
}

/** Synth problems of the generated text: transpiled, evaluated with this library, synthesized with validations. */
function synthErrors(ts: typeof TS, o: StackCheckOptions): string[] {
  const js = ts.transpileModule(o.code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const modules: Record<string, () => unknown> = {
    [o.importFrom]: () => require(LIBRARY.module),
    cdktf: () => require(require.resolve('cdktf', { paths: [LIBRARY.module] })),
    constructs: () => require(require.resolve('constructs', { paths: [LIBRARY.module] })),
  };
  const fakeRequire = (name: string) => {
    if (!Object.prototype.hasOwnProperty.call(modules, name)) throw new Error(CheckMessages.foreignImport(name));
    return modules[name]();
  };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-compose-import-'));
  const before = process.cwd();
  try {
    if (o.lockFile && fs.existsSync(path.resolve(o.cwd, o.lockFile))) {
      const copy = path.join(work, 'app', o.lockFile);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.copyFileSync(path.resolve(o.cwd, o.lockFile), copy);
    }
    fs.mkdirSync(path.join(work, 'app'), { recursive: true });
    process.chdir(path.join(work, 'app'));
    const mod = { exports: {} as Record<string, any> };
    // The text is the generator's: every value of the Compose file in it is a quoted literal (codegen-text.ts).
    new Function('exports', 'require', 'module', js)(mod.exports, fakeRequire, mod);
    const cdktf = fakeRequire('cdktf') as typeof import('cdktf');
    const app = new cdktf.App({ outdir: path.join(work, 'cdktf.out') });
    new mod.exports[o.className](app, o.stackId);
    try {
      app.synth();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const lines = message.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('['));
      return lines.length > 0 ? lines.map(CheckMessages.synthError) : [CheckMessages.synthThrew(message.split('\n')[0])];
    }
    return [];
  } catch (e) {
    return [CheckMessages.synthThrew(e instanceof Error ? e.message.split('\n')[0] : String(e))];
  } finally {
    process.chdir(before);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Type-checks (all in one program), then synthesizes each generated stack that compiles. */
export function checkGeneratedStacks(stacks: readonly StackCheckOptions[]): StackCheck[] {
  if (stacks.length === 0) return [];
  const ts = loadTypeScript(stacks[0].cwd, stacks[0].fileName);
  if (typeof ts === 'string') return stacks.map(() => ({ problems: [], notRun: CheckMessages.noCompiler(ts) }));
  const types = typeErrors(ts, stacks);
  return stacks.map((o, i) => {
    if (types[i].length > 0) return { problems: types[i], stage: 'types' as const };
    const synth = synthErrors(ts, o);
    return synth.length > 0 ? { problems: synth, stage: 'synth' as const } : { problems: [] };
  });
}

/** Type-checks, then (when it compiles) synthesizes the generated stack. */
export function checkGeneratedStack(o: StackCheckOptions): StackCheck {
  return checkGeneratedStacks([o])[0];
}
