import type { LoadComposeOptions } from '../../constructs/compose';

/** Options a corpus file (test/compose/corpus/<name>.yml) is loaded with; default: none (secure mode, no swarm). */
export const CORPUS_OPTIONS: Record<string, Partial<LoadComposeOptions>> = {
  'map-swarm': { swarm: true },
  'map-swarm-refused': { swarm: true },
  'map-service-insecure': { insecure: { admin: { privileged: true, hostPid: true, hostIpc: true, hostUserns: true }, probe: { hostNetwork: true } } },
};
