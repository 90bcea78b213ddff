import { StageContext } from './context';
import { mapExposureExtension } from './map-extensions';
import { NormalizedService } from './normalize';
import { PlannedExposure } from './plan';

/** What a service's `ports`, `expose` and `x-exposure` become. */
export interface MappedPorts {
  readonly exposures: PlannedExposure[];
  /** The ports a link's variables describe that are not exposures (expose with network_mode). */
  readonly linkPorts: { readonly port: number; readonly protocol: 'tcp' | 'udp' }[];
  /** Published ports bound to 127.0.0.1 where Compose binds 0.0.0.0 (said in the secure-defaults notice). */
  readonly loopbackPorts: number;
}

/** Stage 7 for a service's ports: exposures of the library (published, cluster-internal, node-port). */
export function mapPorts(ctx: StageContext, s: NormalizedService): MappedPorts {
  const { M, swarm, compatible } = ctx;
  const exposures: PlannedExposure[] = [];
  let loopbackPorts = 0;
  for (const port of s.ports) {
    const { target, protocol, published, hostIp, path } = port;
    if (!swarm && port.mode !== undefined && port.mode !== 'ingress') ctx.drop([...path, 'mode'], M.portModeOutsideSwarm(port.mode));
    if (protocol !== 'tcp' && protocol !== 'udp') ctx.drop(path, M.protocolNotSupported(protocol));
    else if (swarm && published === undefined) ctx.fail(path, M.swarmNeedsPublished(target));
    else if (swarm && hostIp !== undefined) ctx.drop(path, M.swarmHostIp(hostIp));
    else {
      if (!swarm && hostIp === undefined && !compatible) loopbackPorts++;
      const defaultIp = compatible && !swarm ? '0.0.0.0' : undefined;
      exposures.push({ port: target, protocol, kind: 'published', hostPort: published, hostIp: hostIp ?? defaultIp, swarmMode: swarm ? port.mode ?? 'ingress' : undefined });
    }
  }
  const linkPorts: MappedPorts['linkPorts'] = [];
  const reported = new Set<string>();
  for (const e of s.expose) {
    const once = (message: string) => !reported.has(String(e.path)) && (reported.add(String(e.path)), ctx.drop(e.path, message));
    if (e.protocol !== 'tcp' && e.protocol !== 'udp') once(M.protocolNotSupported(e.protocol));
    else if (swarm) once(M.exposeInSwarm());
    // On docker0, host or none there is no DNS: expose only documents the port (and feeds link variables).
    else if (s.networkMode !== undefined) linkPorts.push({ port: e.target, protocol: e.protocol });
    else exposures.push({ port: e.target, protocol: e.protocol, kind: 'cluster-internal' });
  }
  exposures.push(...mapExposureExtension(ctx, s.raw['x-exposure'], [...s.path, 'x-exposure']));
  return { exposures, linkPorts, loopbackPorts };
}
