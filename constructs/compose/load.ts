import * as path from 'path';
import type { InsecureOptions } from '../security';
import { readDotEnv } from './dotenv';
import { ComposeMessages, composeMessages, ComposeVocabulary, INSECURE_FLAGS } from './errors';
import { Environment, interpolateDocument } from './interpolation';
import { ComposeMode } from './context';
import { planCompose } from './map';
import { projectName } from './normalize';
import { ComposePlan } from './plan';
import { validateCompose } from './schema';
import { SourceMessages } from './errors';
import { COMPOSE_LIMITS, ComposePath, ComposeProblem, ComposeSource, readTextFile } from './source';

/** What to load and how. */
export interface LoadComposeOptions {
  /** Path of a Compose file. One of `file` and `yaml` is needed. */
  readonly file?: string;
  /** Compose YAML text; `file` then only names it in messages. */
  readonly yaml?: string;
  readonly projectName?: string;
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
}

/** A loaded Compose file: its plan when the file is valid, and every message with file, line and column. */
export interface LoadedCompose {
  readonly source?: ComposeSource;
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

function loadUncapped(options: LoadComposeOptions): LoadedCompose {
  const M = options.vocabulary ? composeMessages(options.vocabulary) : ComposeMessages;
  const file = options.file ?? 'compose.yaml';
  const directory = path.resolve(options.file ? path.dirname(options.file) : '.');
  if (options.yaml === undefined && options.file === undefined) return { errors: [M.noSource()], unmapped: [], warnings: [], directory };
  const read = options.yaml !== undefined ? { text: options.yaml } : readTextFile(file);
  if (read.error !== undefined) return { errors: [read.error], unmapped: [], warnings: [], directory };
  const text = read.text;
  const source = ComposeSource.parse(text, options.file ?? '<yaml>');
  const result = { source, directory, errors: [...source.syntaxErrors], unmapped: [] as string[], warnings: [] as string[] };
  if (result.errors.length > 0) return result;
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    return { ...result, errors: [`${source.file}:1:1: ${M.notAMapping()}`] };
  }
  const environment = options.env ?? process.env;
  const dotEnv = options.file ? readDotEnv(path.join(directory, '.env'), environment, M) : { values: {}, errors: [], warnings: [] };
  // A .env Compose cannot read stops the load there, as in Compose: the file's values would be guesses.
  if (dotEnv.errors.length > 0) return { ...result, errors: dotEnv.errors, warnings: dotEnv.warnings };
  result.warnings.push(...dotEnv.warnings);
  const env = { ...dotEnv.values, ...environment };
  const interpolated = interpolateDocument(source.data, env, M);
  result.errors.push(...interpolated.errors.map((p) => source.describe(p)));
  result.warnings.push(...interpolated.warnings.map((p) => source.describe(p)));
  const schemaProblems = validateCompose(interpolated.data);
  for (const p of schemaProblems) result.errors.push(source.describe(p, p.key));
  // With interpolation or schema errors, the parts they are in are left out of the mapping, so that its problems
  // elsewhere are reported in the same run; when they touch what other parts refer to, the mapping waits.
  const broken = invalidParts([...interpolated.errors, ...schemaProblems].map((p) => p.path));
  if (broken === undefined) return result;
  const valid = broken.length === 0;
  const data = withoutParts(interpolated.data as Record<string, unknown>, broken);
  if (!valid && validateCompose(data).length > 0) return result; // only ever maps what the schema accepts

  const named = projectName(data, options.projectName, options.file, M);
  if (named.name === undefined) return { ...result, errors: [...result.errors, named.error!] };
  const plan = planCompose(data, {
    projectName: named.name,
    mode: options.mode ?? 'secure',
    insecure: options.insecure ?? {},
    swarm: options.swarm ?? false,
    env,
    variables: interpolated.used,
    variableSources: interpolated.sources,
    directory,
    messages: M,
  });
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
function withoutParts(data: Record<string, unknown>, parts: ComposePath[]): Record<string, unknown> {
  if (parts.length === 0) return data;
  const out: Record<string, unknown> = { ...data };
  for (const [top, key] of parts) {
    if (key === undefined) delete out[top as string];
    else out[top as string] = { ...(out[top as string] as Record<string, unknown>), [key]: {} };
  }
  return out;
}

function sortByPosition(source: ComposeSource, list: ComposeProblem[]): ComposeProblem[] {
  const at = (p: ComposeProblem) => source.position(p.path, true);
  return [...list].sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
}
