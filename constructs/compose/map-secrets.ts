import { StageContext } from './context';
import { projectPath } from './map-build';
import { isReservedVariable, TERRAFORM_RESERVED_VARIABLES } from './terraform-variables';
import { NormalizedService } from './normalize';
import { PlannedFile, PlannedMount } from './plan';
import { ComposePath } from './source';
import { isObj, Obj } from './values';

/** Where Compose mounts a secret or config without a swarm, by kind. */
const KINDS = {
  secrets: { what: 'secret', target: (name: string) => `/run/secrets/${name}` },
  configs: { what: 'config', target: (name: string) => `/${name}` },
} as const;

/**
 * Where a declared secret or config comes from without a swarm: a file on the machine that synthesizes (its real
 * path), a variable of the environment `docker compose up` would read (a Terraform variable given at deploy), or
 * the `content:` text of a config.
 */
export type SecretSource = { readonly file: string } | { readonly variable: string } | { readonly text: string };

/** The secrets and configs a file declares, by kind and name (undefined: declared, but not usable). */
export type SecretFiles = Record<'secrets' | 'configs', Map<string, SecretSource | undefined>>;

/** Compose's mode of a secret or config it writes into the container (`docker compose up`): read-only for all. */
export const COMPOSE_FILE_MODE = 0o444;

/** A name Terraform takes for a variable (the Compose variable becomes one, given as TF_VAR_<name>). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** What top-level secrets and configs carry besides `file:`, and why each is refused without a swarm. */
const SWARM_ONLY = ['name', 'labels', 'driver', 'driver_opts', 'template_driver', 'external'];

/**
 * Stage 7 for the top-level `secrets` and `configs` without a swarm: each `file:` resolved beside the Compose file
 * and kept inside its directory; `environment:` the name of the variable given at deploy (never its value: that
 * would land in cdk.tf.json); a config's `content:` its text (interpolated, as Compose does); what only a swarm
 * reads refused with the reason (each said once, here, whether or not a service uses it).
 */
export function secretFiles(ctx: StageContext, data: Obj): SecretFiles {
  const out: SecretFiles = { secrets: new Map(), configs: new Map() };
  if (ctx.swarm) return out;
  for (const kind of ['secrets', 'configs'] as const) {
    const declared = isObj(data[kind]) ? data[kind] : {};
    for (const [name, def] of Object.entries(declared)) {
      if (!isObj(def)) continue;
      for (const k of Object.keys(def)) if (SWARM_ONLY.includes(k)) ctx.drop([kind, name, k], ctx.M.secretSwarmOnly(KINDS[kind].what, k));
      out[kind].set(name, secretSource(ctx, kind, name, def));
    }
  }
  return out;
}

/** Where one declared secret or config comes from, or undefined (refused with the reason, or swarm-only). */
function secretSource(ctx: StageContext, kind: 'secrets' | 'configs', name: string, def: Obj): SecretSource | undefined {
  const what = KINDS[kind].what;
  if (typeof def.file === 'string') {
    const file = projectPath(ctx, def.file, [kind, name, 'file'], `${what} file`);
    return file === undefined ? undefined : { file };
  }
  if (typeof def.environment === 'string') {
    if (isReservedVariable(def.environment)) ctx.fail([kind, name, 'environment'], ctx.M.reservedVariable(def.environment, TERRAFORM_RESERVED_VARIABLES));
    else if (VARIABLE_NAME.test(def.environment)) return { variable: def.environment };
    else ctx.fail([kind, name, 'environment'], ctx.M.secretVariableName(what, name, def.environment));
    return undefined;
  }
  if (typeof def.content === 'string') {
    if (def.content !== '') return { text: def.content };
    ctx.fail([kind, name, 'content'], ctx.M.emptyContent(name));
  }
  return undefined;
}

/**
 * Stage 7 for a service's `secrets` and `configs` without a swarm, as `docker compose up` mounts them: a `file:`
 * secret bind-mounted read-only at `/run/secrets/<name>` (or `target`, relative targets under `/run/secrets`), a
 * config at `/<name>` (or `target`); one given by a variable or `content:` written there as a file with Compose's
 * mode 0444 (`uploads`). `uid`/`gid`/`mode` are refused with the reason; a declaration that cannot be used was
 * refused where it is declared ({@link secretFiles}).
 */
export function mapSecretMounts(ctx: StageContext, s: NormalizedService, files: SecretFiles): { mounts: PlannedMount[]; uploads: PlannedFile[] } {
  const out: PlannedMount[] = [];
  const uploads: PlannedFile[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    const list = s.raw[kind];
    if (list === undefined) continue;
    if (ctx.swarm) {
      ctx.drop([...s.path, kind], ctx.M.swarmField(kind));
      continue;
    }
    (Array.isArray(list) ? list : []).forEach((item, i) => {
      const path: ComposePath = [...s.path, kind, i];
      const ref: Obj = isObj(item) ? item : { source: item };
      const source = String(ref.source);
      if (!files[kind].has(source)) {
        ctx.fail(path, ctx.M.undeclaredSecret(KINDS[kind].what, source, [...files[kind].keys()]));
        return;
      }
      const from = files[kind].get(source);
      const uploaded = from !== undefined && !('file' in from);
      for (const k of ['uid', 'gid', 'mode']) if (ref[k] !== undefined) ctx.drop([...path, k], uploaded ? ctx.M.uploadOwnership(KINDS[kind].what, k) : ctx.M.secretOwnership(KINDS[kind].what, k));
      if (from === undefined) return;
      const target = typeof ref.target === 'string' ? ref.target : undefined;
      const at = target === undefined ? KINDS[kind].target(source) : target.startsWith('/') ? target : KINDS[kind].target(target);
      if ('file' in from) out.push({ type: 'bind', source: from.file, target: at, readOnly: true });
      else uploads.push({ target: at, mode: COMPOSE_FILE_MODE, ...from });
    });
  }
  return { mounts: out, uploads };
}
