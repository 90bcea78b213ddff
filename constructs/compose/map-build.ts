import * as nodePath from 'path';
import { StageContext } from './context';
import { NormalizedService } from './normalize';
import { PlannedBuild } from './plan';
import { realPath } from './map-runtime';
import { commonDirectory, homePath } from './project-files';
import { ComposePath } from './source';
import { isObj, keyValues } from './values';

/** The `build:` fields the mapping carries over (the rest are refused with the reason). */
const BUILD_FIELDS = ['context', 'dockerfile', 'args', 'target', 'labels'];

/**
 * A path of the file (`build.context`, a secret's `file`) resolved beside the Compose file through symlinks, and
 * kept inside the file's directory: what is sent to the engine or mounted into a container is never a path outside
 * the project (`../..`, `/etc`, a symlink out; `~/.ssh`, since a leading `~` is a home directory, as in Compose). Undefined (and a refusal at `path`) when it leaves it.
 */
export function projectPath(ctx: StageContext, text: string, path: ComposePath, what: string): string | undefined {
  const root = realPath(ctx.root);
  const real = realPath(homePath(text) ?? nodePath.resolve(ctx.directory, text));
  const rel = nodePath.relative(root, real);
  if (rel === '' || (!rel.startsWith('..') && !nodePath.isAbsolute(rel))) return real;
  ctx.fail(path, ctx.M.outsideProject(what, text, real, root, commonDirectory(root, real)));
  return undefined;
}

/**
 * Stage 7 for `build:`: the image to build from a context beside the file, tagged as Compose tags it (`image:` when
 * given, else `<project>-<service>`). Swarm services cannot build (`docker stack deploy` ignores `build:`).
 */
export function mapBuild(ctx: StageContext, s: NormalizedService): PlannedBuild | undefined {
  const raw = s.raw.build;
  if (raw === undefined) return undefined;
  const path: ComposePath = [...s.path, 'build'];
  if (ctx.swarm) {
    ctx.drop(path, ctx.M.swarmBuild());
    return undefined;
  }
  const b = isObj(raw) ? raw : { context: raw };
  for (const k of Object.keys(b)) if (!BUILD_FIELDS.includes(k) && !k.startsWith('x-')) ctx.drop([...path, k], ctx.M.buildField(k));
  const contextText = b.context === undefined ? '.' : String(b.context);
  const contextPath = isObj(raw) ? [...path, 'context'] : path;
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(contextText)) {
    ctx.fail(contextPath, ctx.M.buildRemoteContext(contextText));
    return undefined;
  }
  const context = projectPath(ctx, contextText, contextPath, 'build context');
  const dockerfile = b.dockerfile === undefined ? undefined : String(b.dockerfile);
  if (context !== undefined && dockerfile !== undefined) projectPath(ctx, nodePath.resolve(context, dockerfile), [...path, 'dockerfile'], 'dockerfile');
  if (context === undefined) return undefined;
  const args = b.args === undefined ? undefined : keyValues(b.args, (k) => ctx.lookup(k));
  const labels = b.labels === undefined ? undefined : keyValues(b.labels, () => '');
  return {
    image: typeof s.raw.image === 'string' && s.raw.image.trim() !== '' ? s.raw.image : `${ctx.project}-${s.key}`,
    context,
    dockerfile,
    args: args && Object.keys(args).length > 0 ? args : undefined,
    target: b.target === undefined ? undefined : String(b.target),
    labels: labels && Object.keys(labels).length > 0 ? labels : undefined,
  };
}
