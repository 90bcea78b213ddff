import * as path from 'path';
import { CanonicalAttachment, CanonicalNetwork, CanonicalProject, CanonicalService, CanonicalVolume } from './canonical';
import { StageContext } from './context';
import { ComposeMessageSet } from './errors';
import { isObj, Obj } from './values';

/**
 * Stage 5, normalisation (compose-go's "normalize"): the project name, the implicit `default` network and who
 * joins it, the service name as an alias on every network it joins, and the Docker names of networks, volumes and
 * containers as Compose gives them.
 */

/**
 * Compose's project name rule (Compose v2): lower case, only `a-z0-9_-`, starting with a letter or digit.
 * Returns the normalized name, or undefined when nothing usable is left.
 */
export function normalizeProjectName(raw: string): string | undefined {
  const n = raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
  return n === '' ? undefined : n;
}

/** Where the project name comes from: the caller's, else the file's `name:`, else the file's directory. */
export function projectName(data: Obj, given: string | undefined, file: string | undefined, M: ComposeMessageSet): { name?: string; error?: string } {
  const raw = given ?? (typeof data.name === 'string' ? data.name : file ? path.basename(path.resolve(path.dirname(file))) : undefined);
  if (raw === undefined) return { error: M.noProjectName(file ?? 'compose.yaml') };
  const name = normalizeProjectName(raw);
  if (!name || (given !== undefined && name !== given)) return { error: M.badProjectName(raw) };
  return { name };
}

/** A service after normalisation. */
export interface NormalizedService extends CanonicalService {
  /** Container name (`<project>-<service>-1` unless container_name) or swarm service name (`<project>_<service>`). */
  readonly name: string;
  /** The built-in network of `network_mode` (host, none, bridge), or what else it says. */
  readonly networkMode?: string;
  /** The networks it joins, `default` included where Compose adds it; none with `network_mode`. */
  readonly attachments: CanonicalAttachment[];
  /** In an `x-tiers` tier: it joins the tier's networks instead of `default`. */
  readonly inTier: boolean;
}

/** A network after normalisation; `implicit` for the `default` network nobody declared. */
export interface NormalizedNetwork extends CanonicalNetwork {
  /** The Docker name: `<project>_<key>` unless `name:` (an external network: `name:` or the key). */
  readonly name: string;
  readonly implicit: boolean;
}

/** A volume after normalisation. */
export interface NormalizedVolume extends CanonicalVolume {
  /** `<project>_<key>` unless `name:`; an external volume's own name. */
  readonly name: string;
  readonly external: boolean;
}

export interface NormalizedProject {
  readonly raw: Obj;
  readonly name: string;
  readonly services: NormalizedService[];
  readonly networks: NormalizedNetwork[];
  readonly volumes: NormalizedVolume[];
  /** The keys of the networks the file declares (without the implicit default). */
  readonly declaredNetworks: string[];
}

/** Stage 5: names, the default network and aliases. */
export function normalize(ctx: StageContext, project: CanonicalProject): NormalizedProject {
  const declared = project.networks.map((n) => n.key);
  const tiered = new Set(tierMembers(project.raw['x-tiers']));
  const services = project.services.map((s) => normalizeService(ctx, s, tiered.has(s.key)));
  const networks: NormalizedNetwork[] = project.networks.map((n) => ({ ...n, name: networkName(ctx.project, n), implicit: false }));
  const usesDefault = services.some((s) => s.attachments.some((a) => a.network === 'default'));
  if (usesDefault && !declared.includes('default')) {
    networks.push({ key: 'default', path: ['networks'], raw: {}, driverOptions: {}, name: `${ctx.project}_default`, implicit: true });
  }
  const volumes = project.volumes.map((v) => {
    const external = externalVolume(v.key, v.raw);
    return { ...v, external: external !== undefined, name: external?.name ?? (typeof v.raw.name === 'string' ? v.raw.name : `${ctx.project}_${v.key}`) };
  });
  return { raw: project.raw, name: ctx.project, services, networks, volumes, declaredNetworks: declared };
}

function normalizeService(ctx: StageContext, s: CanonicalService, inTier: boolean): NormalizedService {
  const networkMode = s.raw.network_mode as string | undefined;
  let attachments: CanonicalAttachment[] = [];
  if (networkMode === undefined) attachments = s.attachments ?? (inTier ? [] : [{ network: 'default', path: s.path, aliases: [], fields: [] }]);
  // Compose makes the service name an alias on every network it joins (the container is <project>-<svc>-1).
  attachments = attachments.map((a) => (a.aliases.includes(s.key) ? a : { ...a, aliases: [s.key, ...a.aliases] }));
  const name = ctx.swarm ? `${ctx.project}_${s.key}` : typeof s.raw.container_name === 'string' ? s.raw.container_name : `${ctx.project}-${s.key}-1`;
  return { ...s, name, networkMode, attachments, inTier };
}

function networkName(project: string, n: CanonicalNetwork): string {
  const external = n.raw.external === true || isObj(n.raw.external);
  if (typeof n.raw.name === 'string') return n.raw.name;
  if (external) return isObj(n.raw.external) && typeof n.raw.external.name === 'string' ? n.raw.external.name : n.key;
  return `${project}_${n.key}`;
}

/**
 * The volume an `external` declaration names: `name:`, else the old `external: { name: x }`, else the key (as
 * Compose, without the project prefix). Undefined when the volume is not external.
 */
function externalVolume(key: string, c: Obj): { name: string } | undefined {
  if (c.external !== true && !isObj(c.external)) return undefined;
  if (typeof c.name === 'string') return { name: c.name };
  if (isObj(c.external) && typeof c.external.name === 'string') return { name: c.external.name };
  return { name: key };
}

/** The services `x-tiers` puts in a tier (read leniently: the mapping of `x-tiers` reports what is wrong). */
function tierMembers(raw: unknown): string[] {
  if (!isObj(raw)) return [];
  return Object.values(raw).flatMap((t) => (isObj(t) && Array.isArray(t.services) ? t.services.map(String) : []));
}
