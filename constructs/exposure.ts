import { Token } from 'cdktf';
import { effectiveAddress, isEveryInterface, parseIpAddress } from './cidr';

/**
 * The host interface a published port binds to. Loopback is the default (CIS Docker Benchmark 5.14: bind
 * published ports to a specific interface); every interface must be asked for by name.
 */
export class HostInterface {
  /** 127.0.0.1: reachable from this host only (the default). */
  public static loopback(): HostInterface {
    return new HostInterface('127.0.0.1');
  }

  /**
   * 0.0.0.0: every interface of the host, i.e. whoever can reach the host. An explicit opt-out of CIS 5.14,
   * meant to be visible in review.
   */
  public static allInterfaces(): HostInterface {
    return new HostInterface('0.0.0.0');
  }

  /** One address of the host. */
  public static address(ip: string): HostInterface {
    return new HostInterface(ip);
  }

  private constructor(public readonly ip: string) {}

  /**
   * True when the address means every interface of the host, however it is written (`0.0.0.0`, `::`, `::0`,
   * `0:0:0:0:0:0:0:0`, `::ffff:0.0.0.0`...); false for a token or an invalid address.
   */
  public get everyInterface(): boolean {
    const ip = this.parsed();
    return ip !== undefined && isEveryInterface(ip);
  }

  /**
   * The address as the engine binds it, for comparing two interfaces: `family/value` (IPv4-mapped IPv6 read as
   * IPv4) and whether it is every interface; the text itself for a token or an invalid address. @internal
   */
  public get _key(): { readonly value: string; readonly every: boolean } {
    const ip = this.parsed();
    if (!ip) return { value: this.ip, every: false };
    const e = effectiveAddress(ip);
    return { value: `${e.family}/${e.value}`, every: e.value === 0n };
  }

  private parsed() {
    return typeof this.ip === 'string' && !Token.isUnresolved(this.ip) ? parseIpAddress(this.ip) : undefined;
  }
}

/** The NodePort range of Kubernetes, which `Exposure.nodePort()` uses on the Docker host. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Options for a port published on the host. */
export interface PublishOptions {
  /**
   * The host port.
   * @default - the engine picks a free ephemeral port at start (Exposure.published) or one is allocated in
   * 30000-32767 from the container name (Exposure.nodePort)
   */
  readonly hostPort?: number;
  /** @default HostInterface.loopback() */
  readonly hostInterface?: HostInterface;
}

/**
 * How a container port is reachable, in the terms of Docker (`-p`) and of Kubernetes Service types.
 */
export class Exposure {
  /**
   * Reachable only by containers that share a network with it, by container name or alias; nothing is published
   * on the host. Kubernetes' ClusterIP.
   */
  public static clusterInternal(): Exposure {
    return new Exposure('cluster-internal', {});
  }

  /**
   * Published on a host port in 30000-32767, Kubernetes' NodePort. Without `hostPort`, the port is derived from
   * the container name and port (stable across runs and declaration order); pass one to pin it.
   */
  public static nodePort(options: PublishOptions = {}): Exposure {
    return new Exposure('node-port', options);
  }

  /** Published on the host (`docker run -p [ip:]hostPort:port`), on 127.0.0.1 unless told otherwise. */
  public static published(options: PublishOptions = {}): Exposure {
    return new Exposure('published', options);
  }

  private constructor(
    /** `cluster-internal`, `node-port` or `published`. */
    public readonly kind: 'cluster-internal' | 'node-port' | 'published',
    /** @internal */ public readonly _options: PublishOptions,
  ) {}

  /** The host interface, for published kinds. */
  public get hostInterface(): HostInterface {
    return this._options.hostInterface ?? HostInterface.loopback();
  }
}
