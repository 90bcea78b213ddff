import { StageContext } from './context';
import { NormalizedProject, NormalizedService } from './normalize';

/**
 * Stage 6, consistency (compose-go's "checkConsistency"): every reference of the file points at something it
 * declares (networks, volumes, services of links and depends_on), and fields that exclude each other are not
 * both set. What refers to nothing is reported and left out, so that the mapping only sees what exists.
 */
export function checkConsistency(ctx: StageContext, project: NormalizedProject): NormalizedProject {
  const services = project.services.map((s) => consistentService(ctx, project, s));
  return { ...project, services };
}

function consistentService(ctx: StageContext, project: NormalizedProject, s: NormalizedService): NormalizedService {
  const { M } = ctx;
  const keys = project.services.map((x) => x.key);
  if (s.networkMode !== undefined && s.raw.networks !== undefined) ctx.fail([...s.path, 'network_mode'], M.modeAndNetworks());
  const attachments = s.attachments.filter((a) => {
    const known = a.network === 'default' || project.declaredNetworks.includes(a.network);
    if (!known) ctx.fail(a.path, M.undeclaredNetwork(a.network, project.declaredNetworks));
    return known;
  });
  const links = s.links.filter((l) => {
    if (!keys.includes(l.service)) ctx.fail(l.path, M.unknownService(l.service, keys));
    return keys.includes(l.service);
  });
  const dependsOn = s.dependsOn?.filter((d) => {
    if (!keys.includes(d.service)) ctx.fail(d.path, M.unknownService(d.service, keys));
    return keys.includes(d.service);
  });
  const volumes = project.volumes.map((v) => v.key);
  const mounts = s.mounts.filter((m) => {
    const undeclared = m.type === 'volume' && m.source !== undefined && !volumes.includes(m.source);
    if (undeclared) ctx.fail(m.path, M.undeclaredVolume(m.source!, volumes));
    return !undeclared;
  });
  return { ...s, attachments, links, dependsOn, mounts };
}
