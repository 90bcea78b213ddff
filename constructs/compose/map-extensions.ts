import * as fs from 'fs';
import * as nodePath from 'path';
import { StageContext } from './context';
import { PlannedAddressPlan, PlannedExposure, PlannedTier } from './plan';
import { ComposePath } from './source';
import { isObj } from './values';

/** The library's own extensions of the Compose file: `x-address-plan`, `x-tiers`, a service's `x-exposure`. */

const ADDRESS_PLAN_FIELDS = ['pool', 'prefix_length', 'lock_file'];

/** `x-address-plan`: the pool networks without an ipam config take their subnets from. */
export function mapAddressPlan(ctx: StageContext, raw: unknown): PlannedAddressPlan | undefined {
  const { M } = ctx;
  if (raw === undefined) return undefined;
  const path = ['x-address-plan'];
  if (!isObj(raw) || typeof raw.pool !== 'string') {
    ctx.fail(path, M.badExtension('x-address-plan', '{ pool: 10.60.0.0/16, prefix_length: 24, lock_file: compose.lock.yaml }'));
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!ADDRESS_PLAN_FIELDS.includes(k)) ctx.fail([...path, k], M.unknownExtensionField('x-address-plan', k, ADDRESS_PLAN_FIELDS));
  const prefix = raw.prefix_length === undefined ? undefined : Number(raw.prefix_length);
  if (prefix !== undefined && !Number.isInteger(prefix)) ctx.fail([...path, 'prefix_length'], M.badExtension('x-address-plan.prefix_length', 'a whole number such as 24'));
  if (raw.lock_file !== undefined && typeof raw.lock_file !== 'string') ctx.fail([...path, 'lock_file'], M.badExtension('x-address-plan.lock_file', 'compose.lock.yaml'));
  const lockFile = typeof raw.lock_file === 'string' ? raw.lock_file : undefined;
  const why = lockFile === undefined ? undefined : lockFileProblem(lockFile, ctx.directory);
  if (why) ctx.fail([...path, 'lock_file'], M.lockFile(lockFile!, why));
  return { pool: raw.pool, prefixLength: prefix, lockFile };
}

/**
 * Why a lock file named in a Compose file may not be written, or undefined. The file is input from someone else:
 * the lock file stays inside the project (its real path under the real path of the Compose file's directory),
 * is a `.yaml`/`.yml` file, is not a symlink, and no directory is created for it.
 */
export function lockFileProblem(lockFile: string, directory: string): string | undefined {
  if (lockFile === '' || /[\u0000-\u001f]/.test(lockFile)) return 'is not a file name';
  if (nodePath.isAbsolute(lockFile) || nodePath.win32.isAbsolute(lockFile)) return 'is an absolute path';
  if (!/\.ya?ml$/.test(lockFile)) return 'does not end in .yaml or .yml';
  let root: string;
  try {
    root = fs.realpathSync(directory);
  } catch {
    return `cannot be placed: the Compose file's directory ${JSON.stringify(directory)} does not exist`;
  }
  const file = nodePath.resolve(directory, lockFile);
  const inside = (p: string) => p === root || p.startsWith(root.endsWith(nodePath.sep) ? root : root + nodePath.sep);
  if (!inside(nodePath.resolve(root, lockFile))) return "is outside the Compose file's directory";
  let parent: string;
  try {
    parent = fs.realpathSync(nodePath.dirname(file));
  } catch {
    return `is in a directory that does not exist (${JSON.stringify(nodePath.dirname(lockFile))}); no directory is created for a lock file named in a Compose file`;
  }
  if (!inside(parent)) return "is outside the Compose file's directory (through a symlink)";
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) return 'is a symlink';
  if (stat && !stat.isFile()) return 'is not a regular file';
  return undefined;
}

const TIER_FIELDS = ['services', 'allow_from', 'internal'];

/** `x-tiers`: tiers of services, each a set of networks, and which tiers may reach which. */
export function mapTiers(ctx: StageContext, raw: unknown, services: string[]): PlannedTier[] {
  const { M } = ctx;
  if (raw === undefined) return [];
  const path = ['x-tiers'];
  if (!isObj(raw)) {
    ctx.fail(path, M.badExtension('x-tiers', '{ edge: { services: [web] }, app: { services: [api], allow_from: [edge] } }'));
    return [];
  }
  if (ctx.swarm) ctx.fail(path, M.tiersInSwarm());
  const tiers: PlannedTier[] = [];
  const seen = new Map<string, string>();
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  for (const [name, t] of Object.entries(raw)) {
    const tp = [...path, name];
    if (!isObj(t)) {
      ctx.fail(tp, M.badExtension(`x-tiers.${name}`, '{ services: [api], allow_from: [edge], internal: false }'));
      continue;
    }
    for (const k of Object.keys(t)) if (!TIER_FIELDS.includes(k)) ctx.fail([...tp, k], M.unknownExtensionField('x-tiers', k, TIER_FIELDS));
    const members = list(t.services);
    members.forEach((s, i) => {
      if (!services.includes(s)) ctx.fail([...tp, 'services', i], M.unknownService(s, services));
      const other = seen.get(s);
      if (other) ctx.fail([...tp, 'services', i], M.serviceInTwoTiers(s, other, name));
      seen.set(s, name);
    });
    const allow = list(t.allow_from);
    allow.forEach((a, i) => {
      if (!Object.keys(raw).includes(a)) ctx.fail([...tp, 'allow_from', i], M.unknownTier(a, Object.keys(raw)));
    });
    tiers.push({ name, services: members, allowFrom: allow, internal: t.internal === true });
  }
  return tiers;
}

const EXPOSURE_FIELDS = ['target', 'protocol', 'kind', 'published', 'host_ip'];

/** A service's `x-exposure`: the library's exposure kinds (cluster-internal, node-port, published). */
export function mapExposureExtension(ctx: StageContext, raw: unknown, path: ComposePath): PlannedExposure[] {
  const { M } = ctx;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) ctx.fail(path, M.badExtension('x-exposure', '[{ target: 9100, kind: node-port }, { target: 5432, kind: cluster-internal }]'));
  else if (ctx.swarm) ctx.fail(path, M.exposureInSwarm());
  if (!Array.isArray(raw) || ctx.swarm) return [];
  return raw.flatMap((e, i) => exposureItem(ctx, e, [...path, i]));
}

function exposureItem(ctx: StageContext, e: unknown, ep: ComposePath): PlannedExposure[] {
  const { M } = ctx;
  const refuse = (p: ComposePath, message: string): PlannedExposure[] => {
    ctx.fail(p, message);
    return [];
  };
  if (!isObj(e)) return refuse(ep, M.badExtension('x-exposure item', '{ target: 80, kind: published, published: 8080, host_ip: 127.0.0.1 }'));
  for (const k of Object.keys(e)) if (!EXPOSURE_FIELDS.includes(k)) ctx.fail([...ep, k], M.unknownExtensionField('x-exposure', k, EXPOSURE_FIELDS));
  const kind = e.kind;
  if (kind !== 'cluster-internal' && kind !== 'node-port' && kind !== 'published') return refuse([...ep, 'kind'], M.exposureKind(String(kind)));
  const port = Number(e.target);
  if (!Number.isInteger(port)) return refuse([...ep, 'target'], M.badPort(String(e.target)));
  const protocol = String(e.protocol ?? 'tcp');
  if (protocol !== 'tcp' && protocol !== 'udp') return refuse([...ep, 'protocol'], M.protocolNotSupported(protocol));
  if (kind === 'cluster-internal' && (e.published !== undefined || e.host_ip !== undefined)) return refuse(ep, M.clusterInternalPublished());
  const hostPort = e.published === undefined ? undefined : Number(e.published);
  if (hostPort !== undefined && !Number.isInteger(hostPort)) return refuse([...ep, 'published'], M.badPort(String(e.published)));
  if (e.host_ip !== undefined && typeof e.host_ip !== 'string') return refuse([...ep, 'host_ip'], M.badExtension('x-exposure host_ip', '127.0.0.1'));
  return [{ port, protocol, kind, hostPort, hostIp: e.host_ip as string | undefined }];
}
