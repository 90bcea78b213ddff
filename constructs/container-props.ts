import type { DockerHost } from './docker-host';
import type { ContainerRuntimeProps } from './container-process';
import type { INetwork } from './network';
import type { InsecureOptions } from './security';

/** When Docker restarts a container. */
export class RestartPolicy {
  /** Never (Docker's default). */
  public static readonly NO = new RestartPolicy('no');
  /** When it exits non-zero. */
  public static readonly ON_FAILURE = new RestartPolicy('on-failure');
  /** Always, also after the daemon restarts. */
  public static readonly ALWAYS = new RestartPolicy('always');
  /** Always, unless someone stopped it. */
  public static readonly UNLESS_STOPPED = new RestartPolicy('unless-stopped');
  private constructor(public readonly value: string) {}
}

/** How a container joins one network. */
export interface AttachOptions {
  /**
   * Static IPv4 address: inside the network's subnet, outside its ipRange (Docker's pool for dynamic
   * addresses), not its gateway, not its network or broadcast address, not given to another container.
   * @default - Docker assigns one
   */
  readonly ipv4Address?: string;
  /** @default - Docker assigns one when the network has IPv6 */
  readonly ipv6Address?: string;
  /**
   * Extra DNS names of the container on this network (`--network-alias`); user-defined networks only.
   * @default - none: the container name resolves anyway
   */
  readonly aliases?: readonly string[];
}

/** A network and how a container joins it. */
export interface NetworkAttachment extends AttachOptions {
  readonly network: INetwork;
}

/**
 * Properties of a {@link Container}. Mounts, health, DNS, process and limits come from
 * {@link ContainerRuntimeProps}.
 */
export interface ContainerProps extends ContainerRuntimeProps {
  /** Image name or id, e.g. `host.image('busybox:1.36')`. */
  readonly image: string;
  /**
   * Container name; it resolves through Docker's DNS on every user-defined network the container joins.
   * @default - the construct id
   */
  readonly name?: string;
  /** @default - the only DockerHost of the stack */
  readonly host?: DockerHost;
  /**
   * Networks to join. `BuiltinNetwork.host()` or `.none()` must be the only one.
   * @default - none yet: call attach(); a container on no network is a synth error
   */
  readonly networks?: readonly NetworkAttachment[];
  /** @default - the image's */
  readonly command?: readonly string[];
  /** @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** @default RestartPolicy.NO */
  readonly restart?: RestartPolicy;
  /** @default - the container id prefix, as Docker does */
  readonly hostname?: string;
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Linux capabilities to add back after all are dropped, e.g. `['NET_RAW']` for ping, `['NET_BIND_SERVICE']`.
   * @default - none
   */
  readonly capabilities?: readonly string[];
  /**
   * Explicit opt-outs of the secure defaults; see {@link InsecureOptions}.
   * @default - every secure default applies
   */
  readonly insecure?: InsecureOptions;
}
