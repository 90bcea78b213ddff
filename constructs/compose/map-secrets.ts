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

/**
 * Stage 7 for a service's `secrets` and `configs` without a swarm, as `docker compose up` mounts them: a `file:`
 * secret bind-mounted read-only at `/run/secrets/<name>` (or `target`, relative targets under `/run/secrets`), a
 * config at `/<name>` (or `target`). The file is beside the Compose file, inside its directory (no `../`, no
 * symlink out). Environment and inline sources, `external` and `uid`/`gid`/`mode` are refused with the reason.
 */
export function mapSecretMounts(ctx: StageContext, s: NormalizedService, data: Obj): PlannedMount[] {
  const out: PlannedMount[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    const list = s.raw[kind];
    if (list === undefined) continue;
    if (ctx.swarm) {
      ctx.drop([...s.path, kind], ctx.M.swarmField(kind));
      continue;
    }
    const declared = isObj(data[kind]) ? data[kind] : {};
    (Array.isArray(list) ? list : []).forEach((item, i) => {
      const path: ComposePath = [...s.path, kind, i];
      const ref: Obj = isObj(item) ? item : { source: item };
      const source = String(ref.source);
      for (const k of ['uid', 'gid', 'mode']) if (ref[k] !== undefined) ctx.drop([...path, k], ctx.M.secretOwnership(KINDS[kind].what, k));
      const def = declared[source];
      if (!isObj(def)) {
        ctx.fail(path, ctx.M.undeclaredSecret(KINDS[kind].what, source, Object.keys(declared)));
        return;
      }
      const file = typeof def.file === 'string' ? projectPath(ctx, def.file, [kind, source, 'file'], `${KINDS[kind].what} file`) : undefined;
      if (typeof def.file !== 'string') {
        const how = ['environment', 'content', 'external'].find((k) => def[k] !== undefined) ?? 'no file';
        ctx.drop([kind, source], ctx.M.secretSource(KINDS[kind].what, source, how));
        return;
      }
      if (file === undefined) return;
      const target = typeof ref.target === 'string' ? ref.target : undefined;
      const at = target === undefined ? KINDS[kind].target(source) : target.startsWith('/') ? target : KINDS[kind].target(target);
      out.push({ type: 'bind', source: file, target: at, readOnly: true });
    });
  }
  return out;
}
