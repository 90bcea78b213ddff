import * as path from 'path';
import type { InsecureOptions } from '../security';
import * as fs from 'fs';
import { readDotEnv } from './dotenv';
import { ComposeMessages, composeMessages, ComposeMessageSet, ComposeVocabulary, INSECURE_FLAGS } from './errors';
import { Environment } from './interpolation';
import { ComposeMode, PlanOptions, StageContext } from './context';
import { canonicalize } from './canonical';
import { LoadMessages } from './load-messages';
import { planCompose } from './map';
import { normalize, NormalizedProject, projectName } from './normalize';
import { ComposePlan } from './plan';
import { loadProjectFiles, projectFile } from './project-files';
import { validateCompose } from './schema';
import { SourceMessages } from './errors';
import { chosenProfiles, withEnvFiles, withProfiles } from './services-resolve';
import { COMPOSE_LIMITS, ComposePath, ComposeProblem } from './source';
import { ComposeSources } from './source-map';
import { isObj, Obj } from './values';
import { isReservedVariable, TERRAFORM_RESERVED_VARIABLES } from './terraform-variables';

/** What to load and how. */
export interface LoadComposeOptions {
  /**
   * Path of a Compose file. One of `file`, `files` and `yaml` is needed. When it has one of Compose's default names
   * (`compose.yaml`...), an override file beside it (`compose.override.yaml`...) is merged onto it, as
   * `docker compose` does in that directory.
   */
  readonly file?: string;
  /** Compose files merged in this order (`-f a -f b`); no override file is looked for. */
  readonly files?: readonly string[];
  /** Profiles to enable. @default - COMPOSE_PROFILES of the variables, else none */
  readonly profiles?: readonly string[];
  /** Compose YAML text; `file` then only names it in messages. */
  readonly yaml?: string;
  readonly projectName?: string;
  /**
   * The directory the paths a file names (build contexts, secret and config files, include, extends, env_file)
   * must stay in. @default - the first file's directory
   */
  readonly projectRoot?: string;
  /**
   * Variables for interpolation; `.env` beside the file fills in what this lacks (as in Compose), its values
   * read as Compose reads them (see `parseDotEnv`).
   */
  readonly env?: Environment;
  readonly mode?: ComposeMode;
  readonly insecure?: Readonly<Record<string, InsecureOptions>>;
  readonly swarm?: boolean;
  /**
   * How messages word their fixes: a command line built on the importer says its flags here.
   * @default - the props of ComposeProject (PROPS_VOCABULARY)
   */
  readonly vocabulary?: ComposeVocabulary;
  /**
   * Whether the values of variables become Terraform variables of their names (as `compose import` writes them):
   * the names Terraform reserves (count, source...) are then refused where the file reads them.
   * @default false - values are substituted, as Compose does (ComposeProject)
   */
  readonly terraformVariables?: boolean;
}

/** A loaded Compose file: its plan when the file is valid, and every message with file, line and column. */
export interface LoadedCompose {
  /** The files read, to place problems found later. */
  readonly source?: ComposeSources;
  readonly plan?: ComposePlan;
  /** Syntax, schema, interpolation and mapping errors, and refusals: always fatal. */
  readonly errors: string[];
  /** Fields that are not carried over. */
  readonly unmapped: string[];
  readonly warnings: string[];
  /** The directory relative paths of the file are resolved from. */
  readonly directory: string;
}

/**
 * Reads, interpolates, validates and maps a Compose file, in compose-go's stages: load (with positions) ->
 * interpolate -> schema -> canonical long syntax -> normalise -> consistency -> map (the last four in
 * {@link planCompose}). Never throws for a bad file: every problem is returned, located in the file, at most
 * {@link COMPOSE_LIMITS} `maxErrors` of each kind (then how many more).
 */
export function loadCompose(options: LoadComposeOptions): LoadedCompose {
  const loaded = loadUncapped(options);
  const file = options.file ?? '<yaml>';
  return { ...loaded, errors: capped(loaded.errors, file, 'errors'), unmapped: capped(loaded.unmapped, file, 'fields not carried over'), warnings: capped(loaded.warnings, file, 'warnings') };
}

/** The first `maxErrors` of `list`, then one line saying how many more there are. */
function capped(list: string[], file: string, what: string): string[] {
  const max = COMPOSE_LIMITS.maxErrors;
  if (list.length <= max + 1) return list;
  return [...list.slice(0, max), `${file}: ${SourceMessages.moreErrors(max, list.length - max, what)}`];
}

/** Compose's default file names, and those of the override file `docker compose` merges onto them. */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The files of the project in merge order, absolute: `files`, or `file` and the override file Compose finds beside it. */
export function projectFiles(options: Pick<LoadComposeOptions, 'file' | 'files' | 'yaml'>): string[] {
  if (options.files && options.files.length > 0) return options.files.map((f) => path.resolve(f));
  const file = path.resolve(options.file ?? 'compose.yaml');
  if (options.yaml !== undefined || options.file === undefined || !DEFAULT_FILES.includes(path.basename(file))) return [file];
  const override = OVERRIDE_FILES.map((f) => path.join(path.dirname(file), f)).find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
  return override ? [file, override] : [file];
}

/** What loading produced before the mapping: the messages so far, and the data and options to plan from. */
interface Loaded {
  readonly result: { source?: ComposeSources; directory: string; errors: string[]; unmapped: string[]; warnings: string[] };
  readonly data?: Obj;
  readonly planOptions?: PlanOptions;
  /** Parts left out of the mapping for their errors; none when the whole project is valid. */
  readonly broken?: ComposePath[];
}

/** The directory a file's paths must stay in: `projectRoot` (an existing directory holding the file's), else the file's. */
function projectRoot(given: string | undefined, directory: string, M: ComposeMessageSet): string | { error: string } {
  if (given === undefined) return directory;
  const root = path.resolve(given);
  let real: string;
  try {
    real = fs.realpathSync(root);
    if (!fs.statSync(real).isDirectory()) return { error: M.projectRootMissing(given) };
  } catch {
    return { error: M.projectRootMissing(given) };
  }
  let realDirectory = directory;
  try {
    realDirectory = fs.realpathSync(directory);
  } catch {
    // a `yaml` without a file on disk: its directory is the working directory, checked as given
  }
  const rel = path.relative(real, realDirectory);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { error: M.projectRootMismatch(given, directory) };
  return root;
}

/**
 * Stages 1 to 3 for a project: its files read, interpolated and merged (with include and extends), validated
 * against the schema, then only the active profiles' services, each with its env_files in its environment.
 */
function loadStages(options: LoadComposeOptions): Loaded {
  const M = options.vocabulary ? composeMessages(options.vocabulary) : ComposeMessages;
  const first = options.files?.[0] ?? options.file;
  const directory = path.resolve(first ? path.dirname(first) : '.');
  const failed = (errors: string[], warnings: string[] = []): Loaded => ({ result: { errors, unmapped: [], warnings, directory } });
  if (options.yaml === undefined && first === undefined) return failed([M.noSource()]);
  if (options.file !== undefined && options.files !== undefined) return failed([LoadMessages.fileAndFiles()]);
  const boundary = projectRoot(options.projectRoot, directory, M);
  if (typeof boundary !== 'string') return failed([boundary.error]);
  const environment = options.env ?? process.env;
  const dotEnv = first ? readDotEnv(path.join(directory, '.env'), environment, M) : { values: {}, errors: [], warnings: [] };
  // A .env Compose cannot read stops the load there, as in Compose: the file's values would be guesses.
  if (dotEnv.errors.length > 0) return failed(dotEnv.errors, dotEnv.warnings);
  const env = { ...dotEnv.values, ...environment };
  const files = loadProjectFiles({ files: projectFiles(options), yaml: options.yaml, label: first ?? '<yaml>', env, M, boundary, terraformVariables: options.terraformVariables });
  const source = files.sources;
  const result = { source, directory, errors: [...files.errors], unmapped: [] as string[], warnings: [...dotEnv.warnings, ...files.warnings] };
  if (!source || !files.data) return { result };
  const schemaProblems = validateCompose(files.data);
  for (const p of schemaProblems) result.errors.push(source.describe(p, p.key));
  // With interpolation or schema errors, the parts they are in are left out of the mapping, so that its problems
  // elsewhere are reported in the same run; when they touch what other parts refer to, the mapping waits.
  const broken = invalidParts([...files.broken, ...schemaProblems.map((p) => p.path)]);
  if (broken === undefined) return { result };
  const active = withProfiles(withoutParts(files.data, broken), chosenProfiles(options.profiles, env));
  const envFiles = withEnvFiles(active.data, env, (f) => projectFile('the env_file', f, directory, boundary, M.trustRoot), M);
  for (const p of [...active.errors, ...envFiles.errors]) result.errors.push(source.describe(p, true));
  for (const p of envFiles.warnings) result.warnings.push(source.describe(p, true));
  if (options.terraformVariables) for (const p of reservedEnvFileNames(active.data, envFiles.data, envFiles.values, M)) result.errors.push(source.describe(p, true));
  const data = envFiles.data;
  if (broken.length > 0 && validateCompose(data).length > 0) return { result }; // only ever maps what the schema accepts
  const named = projectName(data, options.projectName, first, M);
  if (named.name === undefined) return { result: { ...result, errors: [...result.errors, named.error!] } };
  const planOptions: PlanOptions = {
    projectName: named.name,
    mode: options.mode ?? 'secure',
    insecure: options.insecure ?? {},
    swarm: options.swarm ?? false,
    env,
    variables: { ...files.used, ...envFiles.values },
    variableSources: [...files.variableSources, ...Object.entries(envFiles.values).map(([name, text]) => ({ text, names: [name], segments: [{ text, name }] }))],
    directory,
    root: boundary,
    messages: M,
  };
  return { result, data, planOptions, broken };
}

/**
 * The project as the library loaded it, in long syntax with Compose's names (stages 1 to 5, before the mapping):
 * what test/compose/oracle.test.ts compares with compose-go's loaded project. Internal, for tests.
 */
export function loadComposeModel(options: LoadComposeOptions): { readonly errors: string[]; readonly project?: NormalizedProject; readonly env?: Environment } {
  const loaded = loadStages(options);
  if (!loaded.data || !loaded.planOptions) return { errors: loaded.result.errors };
  const ctx = new StageContext(loaded.planOptions);
  return { errors: loaded.result.errors, project: normalize(ctx, canonicalize(ctx, loaded.data)), env: loaded.planOptions.env };
}

function loadUncapped(options: LoadComposeOptions): LoadedCompose {
  const M = options.vocabulary ? composeMessages(options.vocabulary) : ComposeMessages;
  const { result, data, planOptions, broken } = loadStages(options);
  const source = result.source;
  if (!data || !planOptions || !broken || !source) return result;
  const valid = broken.length === 0;
  const plan = planCompose(data, planOptions);
  // Opt-outs for services the file does not have, or flags the library does not have (from JavaScript or a
  // command line, where the compiler did not check them), would otherwise be ignored silently.
  const services = Object.keys(typeof data.services === 'object' && data.services !== null ? data.services : {});
  for (const [svc, flags] of Object.entries(options.insecure ?? {})) {
    if (!services.includes(svc)) result.errors.push(M.insecureUnknownService(svc, Object.keys(flags ?? {})[0] ?? 'privileged', services));
    for (const flag of Object.keys(flags ?? {})) {
      if (!(INSECURE_FLAGS as readonly string[]).includes(flag)) result.errors.push(M.insecureUnknownFlag(svc, flag));
    }
  }
  // Mapping problems point at the field's key (`privileged:`), in file order; none from the parts left out.
  const inBroken = (p: ComposeProblem) => broken.some((b) => b.every((x, i) => x === p.path[i]) || p.path.every((x, i) => x === b[i]));
  const described = (list: ComposeProblem[]) => sortByPosition(source, list.filter((p) => !inBroken(p))).map((p) => source.describe(p, true));
  result.errors.push(...described(plan.errors));
  result.unmapped.push(...described(plan.unmapped));
  result.warnings.push(...described(plan.warnings));
  return valid ? { ...result, plan } : result;
}

/**
 * The names an `env_file` sets that Terraform reserves, at the `env_file` of each service that reads them: `compose
 * import` writes the values of env files as Terraform variables of those names.
 */
function reservedEnvFileNames(data: Obj, merged: Obj, values: Record<string, string>, M: ComposeMessageSet): ComposeProblem[] {
  const reserved = Object.keys(values).filter(isReservedVariable);
  if (reserved.length === 0 || !isObj(data.services) || !isObj(merged.services)) return [];
  const problems: ComposeProblem[] = [];
  for (const [key, s] of Object.entries(data.services)) {
    const environment = isObj(merged.services[key]) ? (merged.services[key] as Obj).environment : undefined;
    if (!isObj(s) || s.env_file === undefined || !isObj(environment)) continue;
    for (const name of reserved.filter((n) => Object.prototype.hasOwnProperty.call(environment, n))) {
      problems.push({ path: ['services', key, 'env_file'], message: M.reservedVariable(name, TERRAFORM_RESERVED_VARIABLES) });
    }
  }
  return problems;
}

/** Top-level keys whose entries are mapped one by one (a broken service leaves the others mappable). */
const COLLECTIONS = ['services', 'networks', 'volumes'];

/**
 * The parts of the file that problems at `paths` are in: one service, network or volume, or another top-level
 * key. Undefined when a problem is in what the whole mapping depends on (the document, a whole collection, the
 * project name).
 */
function invalidParts(paths: ComposePath[]): ComposePath[] | undefined {
  const parts: ComposePath[] = [];
  for (const p of paths) {
    if (p.length === 0 || p[0] === 'name' || (COLLECTIONS.includes(String(p[0])) && p.length < 2)) return undefined;
    const part = COLLECTIONS.includes(String(p[0])) ? p.slice(0, 2) : p.slice(0, 1);
    if (!parts.some((q) => q.length === part.length && q.every((x, i) => x === part[i]))) parts.push(part);
  }
  return parts;
}

/**
 * The document with the broken parts emptied: a service, network or volume keeps its key (others refer to it by
 * name) with no fields; another top-level key is removed.
 */
function withoutParts(data: Obj, parts: ComposePath[]): Obj {
  if (parts.length === 0) return data;
  const out: Record<string, unknown> = { ...data };
  for (const [top, key] of parts) {
    if (key === undefined) delete out[top as string];
    else out[top as string] = { ...(out[top as string] as Record<string, unknown>), [key]: {} };
  }
  return out;
}

function sortByPosition(source: ComposeSources, list: ComposeProblem[]): ComposeProblem[] {
  const at = (p: ComposeProblem) => source.position(p.path, true);
  return [...list].sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
}
