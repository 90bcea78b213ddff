import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readDotEnv } from './dotenv';
import { ComposeMessageSet } from './errors';
import { Environment, interpolateDocument, VariableSource } from './interpolation';
import { COMPOSE_LIMITS } from './limits';
import { LoadMessages } from './load-messages';
import { applyTags, mergeDocuments, mergeValue } from './merge';
import { ComposePath, ComposeSource, readTextFile } from './source';
import { ComposeSources } from './source-map';
import { BaseLoader, ExtendsResolver, FileContext, LoadedFile } from './extends';
import { isObj, Obj } from './values';
import { reservedVariableUses } from './terraform-variables';

/**
 * Stage 1 for a project of several files, as compose-go loads one: each file read with its positions and
 * interpolated, its `include`s loaded as projects of their own (their directory, their `.env`) and imported, its
 * services' `extends` resolved, then merged onto the files before it (`!reset`/`!override` applied first). Every
 * file a Compose file names (include, extends) must be inside the project directory, also through symlinks, and the
 * whole load stays within {@link COMPOSE_LIMITS} (`maxFiles`, `maxFileNesting`, each file's size).
 */

/** What to load. */
export interface ProjectFilesOptions {
  /** The project's Compose files in merge order (absolute); the first one's directory is the project directory. */
  readonly files: readonly string[];
  /** The first file's text, instead of reading it. */
  readonly yaml?: string;
  /** The name of the first file in messages. */
  readonly label?: string;
  /** Variables for interpolation: the caller's, then `.env` of the project directory. */
  readonly env: Environment;
  readonly M: ComposeMessageSet;
  /**
   * The directory every file the project names must stay in (include, extends, env_file): the caller's
   * `projectRoot`, which contains the project directory. @default - the project directory
   */
  readonly boundary?: string;
  /** Refuse the variables Terraform reserves where a file reads them (their values become Terraform variables). @default false */
  readonly terraformVariables?: boolean;
}

/** The merged, interpolated document of a project and where each part of it was written. */
export interface ProjectFiles {
  readonly sources?: ComposeSources;
  readonly data?: Obj;
  /** Fatal problems, each with file:line:column. */
  readonly errors: string[];
  readonly warnings: string[];
  /** Variables whose values interpolation substituted, and the strings that hold them. */
  readonly used: Record<string, string>;
  readonly variableSources: VariableSource[];
  /** Where interpolation failed, in the project's own files: those parts are left out of the mapping. */
  readonly broken: ComposePath[];
}

/** Loads the project's files; never throws. */
export function loadProjectFiles(options: ProjectFilesOptions): ProjectFiles {
  return new ProjectLoader(options).load();
}

const CONTEXT_KEYS = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'];

class ProjectLoader implements BaseLoader {
  private readonly root: string;
  private readonly errors: string[] = [];
  private readonly warnings: string[] = [];
  private readonly used: Record<string, string> = {};
  private readonly variableSources: VariableSource[] = [];
  private readonly broken: ComposePath[] = [];
  private read = 0;

  constructor(private readonly options: ProjectFilesOptions) {
    this.root = path.dirname(options.files[0]);
  }

  public load(): ProjectFiles {
    const project = this.loadProject(this.options.files, { base: this.root, env: this.options.env, depth: 0, chain: [] }, true);
    const { errors, warnings, used, variableSources, broken } = this;
    return { sources: project?.sources, data: project?.data, errors, warnings, used, variableSources, broken };
  }

  /** The files of one project (the main one or an `include`d one) merged in order. */
  private loadProject(files: readonly string[], ctx: FileContext, main: boolean): { data: Obj; sources: ComposeSources } | undefined {
    let data: Obj = {};
    let sources: ComposeSources | undefined;
    for (const [i, file] of files.entries()) {
      const loaded = this.loadFile(file, ctx, { main: main && i === 0, own: main, yaml: main && i === 0 ? this.options.yaml : undefined });
      if (!loaded) return undefined;
      data = mergeDocuments(applyTags(data, loaded.source.tags), loaded.data);
      if (sources) sources.mergeAbove(loaded.sources);
      else sources = loaded.sources;
    }
    return sources && { data, sources };
  }

  /** Reads, parses and interpolates one file, then applies its `include`s and `extends`. */
  private loadFile(file: string, ctx: FileContext, how: { main?: boolean; own?: boolean; yaml?: string; base?: boolean }): LoadedFile | undefined {
    const source = this.parse(file, how.main ? this.options.label : undefined, how.yaml);
    if (!source) return undefined;
    const interpolated = interpolateDocument(source.data, ctx.env, this.options.M);
    this.errors.push(...interpolated.errors.map((p) => source.describe(p)));
    this.warnings.push(...interpolated.warnings.map((p) => source.describe(p)));
    if (how.own) this.broken.push(...interpolated.errors.map((p) => p.path));
    Object.assign(this.used, interpolated.used);
    this.variableSources.push(...interpolated.sources);
    if (this.options.terraformVariables) this.errors.push(...reservedVariableUses(source.data, ctx.env, this.options.M).map((p) => source.describe(p)));
    const sources = new ComposeSources(source);
    let data = rebase(interpolated.data as Obj, ctx.base, this.root);
    if (how.base) return { source, data, sources };
    data = this.applyIncludes(data, file, source, sources, ctx);
    data = new ExtendsResolver(this, source, sources, ctx).apply(data);
    return { source, data, sources };
  }

  /** The file parsed, or undefined once its problems are reported. */
  public parse(file: string, label?: string, yaml?: string): ComposeSource | undefined {
    if (++this.read > COMPOSE_LIMITS.maxFiles) {
      if (this.read === COMPOSE_LIMITS.maxFiles + 1) this.errors.push(`${this.display(file)}: ${LoadMessages.tooManyFiles()}`);
      return undefined;
    }
    const name = label ?? this.display(file);
    const read = yaml !== undefined ? { text: yaml } : readTextFile(name);
    if (read.error !== undefined) {
      this.errors.push(read.error);
      return undefined;
    }
    const source = ComposeSource.parse(read.text, name);
    this.errors.push(...source.syntaxErrors);
    if (source.syntaxErrors.length > 0) return undefined;
    if (!isObj(source.data)) {
      this.errors.push(`${source.file}:1:1: ${this.options.M.notAMapping()}`);
      return undefined;
    }
    return source;
  }

  /** A file named by a Compose file, relative to `base`: see {@link projectFile}. */
  public guard(what: string, written: unknown, base: string): { file?: string; error?: string; missing?: boolean } {
    return projectFile(what, written, base, this.options.boundary ?? this.root, this.options.M.trustRoot);
  }

  /** How a file of the project is named in messages: beside the first file, as the caller named that one. */
  private display(file: string): string {
    return path.join(path.dirname(this.options.label ?? this.options.files[0]), path.relative(this.root, file));
  }

  /** A problem of a file at a path of it. */
  public leaveOut(path: ComposePath): void {
    this.broken.push(path);
  }

  public fail(source: ComposeSource, at: ComposePath, message: string): undefined {
    this.errors.push(source.describe({ path: at, message }, true));
    return undefined;
  }

  /** Loads a base file of `extends` (no include, no extends of its own: those are resolved on demand). */
  public loadBase(file: string, ctx: FileContext): LoadedFile | undefined {
    return this.loadFile(file, { ...ctx, base: path.dirname(file) }, { base: true });
  }

  /** `include:` of a file: each entry loaded as a project of its own and imported (the including file wins). */
  private applyIncludes(data: Obj, abs: string, source: ComposeSource, sources: ComposeSources, ctx: FileContext): Obj {
    if (data.include === undefined) return data;
    const { include, ...rest } = data;
    let out: Obj = rest;
    if (!Array.isArray(include)) return this.fail(source, ['include'], LoadMessages.badShape('include', 'a list of paths, or of { path, project_directory, env_file }')) ?? out;
    for (const [i, entry] of include.entries()) {
      const at: ComposePath = ['include', i];
      const e = typeof entry === 'string' ? { path: entry } : isObj(entry) ? entry : undefined;
      const paths = e && (Array.isArray(e.path) ? e.path : [e.path]);
      if (!e || !paths || paths.length === 0) {
        this.fail(source, at, LoadMessages.badShape('an include entry', 'a path, or { path: [a.yaml, b.yaml], project_directory: dir, env_file: .env }'));
        continue;
      }
      if (ctx.depth + 1 > COMPOSE_LIMITS.maxFileNesting) return this.fail(source, at, LoadMessages.tooDeep()) ?? out;
      const files = paths.map((p) => this.guard('the included file', p, ctx.base));
      const bad = files.findIndex((f) => f.error !== undefined);
      if (bad >= 0) {
        this.fail(source, typeof entry === 'string' ? at : Array.isArray(e.path) ? [...at, 'path', bad] : [...at, 'path'], files[bad].error!);
        continue;
      }
      const first = files[0].file!;
      if ([...ctx.chain, abs].includes(first)) {
        this.fail(source, at, LoadMessages.includeCycle([...ctx.chain, abs, first].map((f) => path.relative(this.root, f))));
        continue;
      }
      const dir = e.project_directory === undefined ? { file: path.dirname(first) } : this.guard('the project_directory', e.project_directory, ctx.base);
      if (dir.error) {
        this.fail(source, [...at, 'project_directory'], dir.error);
        continue;
      }
      const env = this.includeEnvironment(e.env_file, dir.file!, ctx, source, at);
      if (!env) continue;
      const included = this.loadProject(files.map((f) => f.file!), { base: dir.file!, env, depth: ctx.depth + 1, chain: [...ctx.chain, abs] }, false);
      if (!included) continue;
      sources.includeBelow(included.sources);
      out = importResources(included.data, out, source);
    }
    return out;
  }

  /** The variables an included project sees: the including one's, then its own `.env` (or `env_file`) fills in. */
  private includeEnvironment(envFile: unknown, dir: string, ctx: FileContext, source: ComposeSource, at: ComposePath): Environment | undefined {
    const written = envFile === undefined ? [] : Array.isArray(envFile) ? envFile : [envFile];
    const files: string[] = [];
    for (const [j, f] of written.entries()) {
      const g = this.guard('the env_file', f, ctx.base);
      if (g.error) return this.fail(source, [...at, 'env_file', ...(Array.isArray(envFile) ? [j] : [])], g.error);
      files.push(g.file!);
    }
    if (written.length === 0 && fs.statSync(path.join(dir, '.env'), { throwIfNoEntry: false })?.isFile()) files.push(path.join(dir, '.env'));
    const values: Record<string, string> = {};
    for (const f of files) {
      if (++this.read > COMPOSE_LIMITS.maxFiles) return this.read === COMPOSE_LIMITS.maxFiles + 1 ? this.fail(source, at, LoadMessages.tooManyFiles()) : undefined;
      const dotEnv = readDotEnv(f, ctx.env, this.options.M);
      this.errors.push(...dotEnv.errors);
      this.warnings.push(...dotEnv.warnings);
      if (dotEnv.errors.length > 0) return undefined;
      Object.assign(values, dotEnv.values);
    }
    const own = Object.fromEntries(Object.entries(ctx.env).filter(([, v]) => v !== undefined));
    return { ...values, ...own };
  }
}

/**
 * A file a Compose file names (include, extends, env_file), relative to `base`: its absolute path, or why it may
 * not be read. Like a lock file, it must be inside the project directory `root`: relative, not through `..`, and
 * its real path (symlinks followed) inside the real project directory.
 */
export function projectFile(
  what: string,
  written: unknown,
  base: string,
  root: string,
  trust?: (dir: string) => string,
): { file?: string; error?: string; missing?: boolean } {
  if (typeof written !== 'string' || written === '') return { error: LoadMessages.badShape(what, 'a relative path') };
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(written)) return { error: LoadMessages.remote(what, written) };
  if (path.isAbsolute(written) || path.win32.isAbsolute(written)) return { error: LoadMessages.absolute(what, written) };
  const home = homePath(written);
  const file = home ?? path.resolve(base, written);
  const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
  if (!inside(file, root)) return { error: LoadMessages.outside(what, written, root, trust ? `, ${trust(commonDirectory(root, file))}` : '', home) };
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(file);
  } catch {
    return { error: LoadMessages.missing(what, written), missing: true };
  }
  if (!inside(real, realRoot)) return { error: LoadMessages.throughSymlink(what, written, root) };
  return { file };
}

/**
 * The path a leading `~` or `~user` stands for, as Compose expands it (the home directory of this machine, or
 * `user`'s beside it), or undefined when `text` does not start with one: such a path is never relative to the file.
 */
export function homePath(text: string): string | undefined {
  const m = /^~([^/\\]*)(?:[/\\]|$)/.exec(text);
  if (!m) return undefined;
  const home = m[1] === '' || m[1] === userName() ? os.homedir() : path.join(path.dirname(os.homedir()), m[1]);
  return path.join(home, text.slice(m[0].length));
}

function userName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined; // no entry in the user database (a container's arbitrary uid)
  }
}

/** The deepest directory holding both paths (absolute): what a user trusting both would give as `projectRoot`. */
export function commonDirectory(a: string, b: string): string {
  const pa = path.resolve(a).split(path.sep);
  const pb = path.resolve(b).split(path.sep);
  let n = 0;
  while (n < pa.length && n < pb.length && pa[n] === pb[n]) n++;
  return pa.slice(0, n).join(path.sep) || path.sep;
}

/** An included project's services, networks, volumes... added to the including file's; where both have one, merged. */
function importResources(imported: Obj, target: Obj, source: ComposeSource): Obj {
  const out: Obj = { ...target };
  for (const key of CONTEXT_KEYS) {
    if (!isObj(imported[key])) continue;
    const to: Obj = isObj(out[key]) ? { ...(out[key] as Obj) } : {};
    for (const [name, value] of Object.entries(imported[key] as Obj)) {
      if (!(name in to)) to[name] = value;
      else if (JSON.stringify(to[name]) !== JSON.stringify(value)) {
        const base = (applyTags({ [key]: { [name]: value } }, source.tags)[key] as Obj)[name];
        to[name] = mergeValue(base, to[name], [key, name]);
      }
    }
    out[key] = to;
  }
  return out;
}

/** A relative path of a file read from `from`, as a path relative to the project directory `root`. */
function rebasePath(p: unknown, from: string, root: string): unknown {
  if (typeof p !== 'string' || from === root || p === '' || path.isAbsolute(p) || p.startsWith('~') || /^[a-z]+:\/\/|^git@/i.test(p)) return p;
  const rel = path.relative(root, path.resolve(from, p));
  return rel === '' ? '.' : rel.startsWith('..') ? rel : `./${rel}`;
}

/**
 * The paths of a file read from another directory than the project's (an included project, an extends base in a
 * subdirectory) made relative to the project directory, as compose-go resolves them: bind sources, build contexts,
 * env_file, secret and config files. Everything else is left as written.
 */
function rebase(data: Obj, from: string, root: string): Obj {
  if (from === root) return data;
  const services = isObj(data.services)
    ? Object.fromEntries(Object.entries(data.services).map(([k, s]) => [k, isObj(s) ? rebaseService(s, from, root) : s]))
    : data.services;
  const files = (v: unknown) => (isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, c]) => [k, isObj(c) && c.file !== undefined ? { ...c, file: rebasePath(c.file, from, root) } : c])) : v);
  return { ...data, ...(services ? { services } : {}), ...(data.secrets ? { secrets: files(data.secrets) } : {}), ...(data.configs ? { configs: files(data.configs) } : {}) };
}

function rebaseService(s: Obj, from: string, root: string): Obj {
  const out: Obj = { ...s };
  const r = (p: unknown) => rebasePath(p, from, root);
  if (Array.isArray(s.volumes)) {
    out.volumes = s.volumes.map((v) => {
      if (isObj(v)) return v.type === 'bind' ? { ...v, source: r(v.source) } : v;
      const [src, ...rest] = String(v).split(':');
      return rest.length > 0 && (src.startsWith('.') || src.startsWith('/')) ? [r(src), ...rest].join(':') : v;
    });
  }
  if (typeof s.build === 'string') out.build = r(s.build);
  else if (isObj(s.build)) out.build = { ...s.build, context: r(s.build.context ?? '.') };
  if (s.env_file !== undefined) {
    const list = Array.isArray(s.env_file) ? s.env_file : [s.env_file];
    out.env_file = list.map((e) => (isObj(e) ? { ...e, path: r(e.path) } : r(e)));
  }
  return out;
}
