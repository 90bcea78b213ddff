import type { IConstruct } from 'constructs';
import type { Exposure } from '../exposure';
import type { Port } from '../port';

/** An exposed port: a container's, or a swarm service's claim on a node. */
export interface ExposedPort {
  /** The container, or a swarm service claiming the port on a node. */
  readonly owner: IConstruct & { readonly containerName?: string };
  readonly port: Port;
  readonly exposure: Exposure;
}
