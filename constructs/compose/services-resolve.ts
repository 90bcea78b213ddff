import * as path from 'path';
import { parseDotEnv } from './dotenv';
import { ComposeMessageSet } from './errors';
import { Environment } from './interpolation';
import { LoadMessages } from './load-messages';
import { ComposePath, ComposeProblem, readTextFile } from './source';
import { isObj, keyValues, Obj } from './values';

/**
 * What compose-go does to services once the files are merged and validated (its ModelToProject): only the services
 * of the chosen profiles stay, and each service's `env_file`s become part of its `environment`.
 */

/** The profiles a project runs with: the ones given, else `COMPOSE_PROFILES` of the project's variables. */
export function chosenProfiles(given: readonly string[] | undefined, env: Environment): string[] {
  if (given !== undefined) return [...given];
  return (env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

const profilesOf = (s: unknown): string[] => (isObj(s) && Array.isArray(s.profiles) ? s.profiles.map(String) : []);

/** A service is active when it has no profiles, or one of them is chosen (`*` chooses all), as in compose-go. */
export const isActive = (s: unknown, profiles: readonly string[]) => {
  const own = profilesOf(s);
  return own.length === 0 || profiles.some((p) => p === '*' || own.includes(p));
};

/**
 * The document with only the active services (and without `profiles:`). An active service's `depends_on` on an
 * inactive one is dropped when `required: false`, and refused otherwise (compose-go: "depends on undefined
 * service"), naming the profiles that would enable it.
 */
export function withProfiles(data: Obj, profiles: readonly string[]): { data: Obj; errors: ComposeProblem[]; inactive: string[] } {
  if (!isObj(data.services)) return { data, errors: [], inactive: [] };
  const all = data.services;
  const errors: ComposeProblem[] = [];
  const inactive = Object.keys(all).filter((k) => !isActive(all[k], profiles));
  const services: Obj = {};
  for (const [key, raw] of Object.entries(all)) {
    if (inactive.includes(key)) continue;
    if (!isObj(raw)) {
      services[key] = raw;
      continue;
    }
    const { profiles: _own, ...s } = raw;
    void _own;
    const deps = s.depends_on;
    if (deps !== undefined && (isObj(deps) || Array.isArray(deps))) {
      const entries: [string, unknown][] = Array.isArray(deps) ? deps.map((d) => [String(d), {}]) : Object.entries(deps);
      const kept = entries.filter(([dep, cfg]) => {
        if (!inactive.includes(dep)) return true;
        const required = !(isObj(cfg) && (cfg.required === false || cfg.required === 'false'));
        const at: ComposePath = Array.isArray(deps) ? ['services', key, 'depends_on', entries.findIndex(([d]) => d === dep)] : ['services', key, 'depends_on', dep];
        if (required) errors.push({ path: at, message: LoadMessages.dependsOnInactive(key, dep, profilesOf(all[dep])) });
        return false;
      });
      s.depends_on = Array.isArray(deps) ? kept.map(([d]) => d) : Object.fromEntries(kept);
      if (kept.length === 0) delete s.depends_on;
    }
    services[key] = s;
  }
  return { data: { ...data, services }, errors, inactive };
}

/** Reads an env_file (relative to the project directory) if it may be read: its absolute path, or why not. */
export type EnvFileGuard = (written: unknown) => { file?: string; error?: string; missing?: boolean };

/** Values read from `env_file`s, by service, for the plan's record of where values came from. */
export interface EnvFiles {
  readonly data: Obj;
  readonly errors: ComposeProblem[];
  readonly warnings: ComposeProblem[];
  /** Every value an env_file gave, by variable name. */
  readonly values: Record<string, string>;
}

/**
 * Each service's `env_file`s (a path, a list, or `{ path, required, format }`; required unless `required: false`)
 * read with the `.env` rules and interpolated from the project's variables first, then the service's own
 * `environment`; later files win over earlier ones, and `environment` wins over all of them. The service then has
 * the result as `environment` and no `env_file`.
 */
export function withEnvFiles(data: Obj, env: Environment, guard: EnvFileGuard, M: ComposeMessageSet): EnvFiles {
  const errors: ComposeProblem[] = [];
  const warnings: ComposeProblem[] = [];
  const values: Record<string, string> = {};
  if (!isObj(data.services)) return { data, errors, warnings, values };
  const services: Obj = {};
  for (const [key, raw] of Object.entries(data.services)) {
    if (!isObj(raw) || raw.env_file === undefined) {
      services[key] = raw;
      continue;
    }
    const { env_file: envFile, ...s } = raw;
    const list = Array.isArray(envFile) ? envFile : [envFile];
    const explicit: Record<string, string | null> = {};
    const bare = new Set<string>();
    Object.assign(explicit, keyValues(s.environment, (k) => (bare.add(k), '')));
    for (const k of bare) explicit[k] = null;
    const scope: Record<string, string> = {};
    for (const [k, v] of Object.entries(explicit)) if (v !== null) scope[k] = v;
    for (const [k, v] of Object.entries(env)) if (v !== undefined) scope[k] = v;
    const fromFiles: Record<string, string> = {};
    for (const [i, entry] of list.entries()) {
      const at: ComposePath = ['services', key, 'env_file', ...(Array.isArray(envFile) ? [i] : [])];
      const e: Obj = isObj(entry) ? entry : { path: entry };
      if (e.format !== undefined && e.format !== 'dotenv') {
        errors.push({ path: at, message: LoadMessages.envFileFormat(e.format) });
        continue;
      }
      const required = !(e.required === false || e.required === 'false');
      const g = guard(e.path);
      if (g.error) {
        if (required || !g.missing) errors.push({ path: at, message: g.error });
        continue;
      }
      const read = readTextFile(g.file!);
      if (read.error !== undefined) {
        errors.push({ path: at, message: read.error });
        continue;
      }
      const parsed = parseDotEnv(read.text, String(e.path), scope, M);
      errors.push(...parsed.errors.map((message) => ({ path: at, message })));
      warnings.push(...parsed.warnings.map((message) => ({ path: at, message })));
      Object.assign(fromFiles, parsed.values);
    }
    Object.assign(values, fromFiles);
    const merged: Record<string, string | null> = { ...fromFiles, ...explicit };
    s.environment = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, v]));
    services[key] = s;
  }
  return { data: { ...data, services }, errors, warnings, values };
}

/** The absolute path of a project's file, for messages relative to where the user named the project. */
export const displayPath = (file: string, root: string, shownRoot: string) => path.join(shownRoot, path.relative(root, file));
