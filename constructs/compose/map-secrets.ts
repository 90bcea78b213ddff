import { StageContext } from './context';
import { projectPath } from './map-build';
import { NormalizedService } from './normalize';
import { PlannedMount } from './plan';
import { ComposePath } from './source';
import { isObj, Obj } from './values';

/** Where Compose mounts a secret or config without a swarm, by kind. */
const KINDS = {
  secrets: { what: 'secret', target: (name: string) => `/run/secrets/${name}` },
  configs: { what: 'config', target: (name: string) => `/${name}` },
} as const;

/** The real paths of the `file:` secrets and configs a file declares, by kind and name (undefined: not mountable). */
export type SecretFiles = Record<'secrets' | 'configs', Map<string, string | undefined>>;

/** What top-level secrets and configs carry besides `file:`, and why each is refused without a swarm. */
const SWARM_ONLY = ['name', 'labels', 'driver', 'driver_opts', 'template_driver', 'external'];

/**
 * Stage 7 for the top-level `secrets` and `configs` without a swarm: each `file:` resolved beside the Compose file
 * and kept inside its directory; an environment or inline value, and what only a swarm reads, refused with the
 * reason (each said once, here, whether or not a service uses it).
 */
export function secretFiles(ctx: StageContext, data: Obj): SecretFiles {
  const out: SecretFiles = { secrets: new Map(), configs: new Map() };
  if (ctx.swarm) return out;
  for (const kind of ['secrets', 'configs'] as const) {
    const declared = isObj(data[kind]) ? data[kind] : {};
    for (const [name, def] of Object.entries(declared)) {
      if (!isObj(def)) continue;
      for (const k of Object.keys(def)) {
        if (SWARM_ONLY.includes(k)) ctx.drop([kind, name, k], ctx.M.secretSwarmOnly(KINDS[kind].what, k));
        else if (k === 'environment' || k === 'content') ctx.drop([kind, name, k], ctx.M.secretSource(KINDS[kind].what, name, k));
      }
      out[kind].set(name, typeof def.file === 'string' ? projectPath(ctx, def.file, [kind, name, 'file'], `${KINDS[kind].what} file`) : undefined);
    }
  }
  return out;
}

/**
 * Stage 7 for a service's `secrets` and `configs` without a swarm, as `docker compose up` mounts them: a `file:`
 * secret bind-mounted read-only at `/run/secrets/<name>` (or `target`, relative targets under `/run/secrets`), a
 * config at `/<name>` (or `target`). `uid`/`gid`/`mode` are refused with the reason; a secret that is not a file
 * was refused where it is declared ({@link secretFiles}).
 */
export function mapSecretMounts(ctx: StageContext, s: NormalizedService, files: SecretFiles): PlannedMount[] {
  const out: PlannedMount[] = [];
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
      for (const k of ['uid', 'gid', 'mode']) if (ref[k] !== undefined) ctx.drop([...path, k], ctx.M.secretOwnership(KINDS[kind].what, k));
      if (!files[kind].has(source)) {
        ctx.fail(path, ctx.M.undeclaredSecret(KINDS[kind].what, source, [...files[kind].keys()]));
        return;
      }
      const file = files[kind].get(source);
      if (file === undefined) return;
      const target = typeof ref.target === 'string' ? ref.target : undefined;
      const at = target === undefined ? KINDS[kind].target(source) : target.startsWith('/') ? target : KINDS[kind].target(target);
      out.push({ type: 'bind', source: file, target: at, readOnly: true });
    });
  }
  return out;
}
