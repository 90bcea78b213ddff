import type { Container as ContainerResource } from '@cdktf/provider-docker/lib/container';
import type { IConstruct } from 'constructs';
import type { ContainerProps } from '../container-props';
import type { Dependency } from '../dependency';
import type { DockerHost } from '../docker-host';
import type { HealthCheck } from '../health-check';
import type { LinkOptions } from '../link';
import type { INetwork } from '../network';
import type { InsecureOptions } from '../security';
import type { ExposedPort } from './exposed-port';
import type { HostContainer } from './host-registry';
import { incomingAliases, LinkPlan, planLink, readsTargetAddress, sharesNamespace } from './link-plan';

/** How a container joins one network. */
export interface Attachment {
  readonly network: INetwork;
  readonly ipv4?: string;
  readonly ipv6?: string;
  readonly aliases: string[];
}

/** One linkTo() call. */
export interface Link {
  readonly from: ContainerPeer;
  readonly to: ContainerPeer;
  readonly alias: string;
  readonly options: LinkOptions;
}

/** One dependsOn() call, on a container. */
export interface ContainerDependency extends Dependency {
  readonly other: ContainerPeer;
}

/** What a container is to the other containers it links to or depends on (a Container). */
export interface ContainerPeer extends IConstruct {
  readonly host: DockerHost;
  readonly containerName: string;
  readonly resource: ContainerResource;
  readonly healthCheck: HealthCheck | undefined;
  ipv4AddressOn(network: INetwork): string;
  /** @internal */
  readonly _state: ContainerState;
  _referenceTargets(): readonly HostContainer[];
  _orderTargets(): readonly HostContainer[];
  _addressRoles(): { readonly dynamicOn: readonly object[]; readonly staticOn: readonly object[] };
}

/**
 * What a container accumulates while the stack is built (attach(), linkTo(), expose(), dependsOn()), and what
 * follows from it. Nothing is rendered from it until synth (private/container-render.ts), and the checks read it
 * then too (private/container-validation.ts), so the order of calls does not matter.
 */
export class ContainerState {
  public readonly attachments: Attachment[] = [];
  public readonly outgoing: Link[] = [];
  public readonly incoming: Link[] = [];
  public readonly exposed: ExposedPort[] = [];
  public readonly dependencies: ContainerDependency[] = [];
  /** Inputs of the wrong kind from plain JavaScript (no props, a network that is not one), reported at synth. */
  public readonly inputProblems: string[] = [];

  constructor(
    public readonly self: ContainerPeer,
    public readonly props: ContainerProps,
    public readonly insecure: InsecureOptions,
  ) {}

  /** Networks joined, in the order attached. */
  public get networks(): INetwork[] {
    return this.attachments.map((a) => a.network);
  }

  /** The attachment to `network`, if any (the first, if attached twice). */
  public attachmentOn(network: INetwork): Attachment | undefined {
    return this.attachments.find((a) => a.network === network);
  }

  /** host or none, when the container is on one: it has no network namespace of its own then. */
  public get specialNetwork(): INetwork | undefined {
    return this.attachments.find((a) => sharesNamespace(a.network))?.network;
  }

  /** Ports published on the host (every exposure but cluster-internal), in the order exposed. */
  public get published(): ExposedPort[] {
    return this.exposed.filter((e) => e.exposure.kind !== 'cluster-internal');
  }

  /** How `link` (from this container) is carried out. */
  public plan(link: Link): LinkPlan<INetwork> {
    return planLink(this.networks, link.to._state.networks);
  }

  /** The aliases incoming links add to this container, by network. */
  public linkAliases(): Map<INetwork, string[]> {
    return incomingAliases(this.incoming.map((l) => ({ alias: l.alias, plan: l.from._state.plan(l) })));
  }

  /** The aliases of an attachment, its own and those links add, each once. */
  public aliasesOn(a: Attachment, linked: Map<INetwork, string[]>): string[] {
    return [...new Set([...a.aliases, ...(linked.get(a.network) ?? [])])];
  }

  /** The containers whose address this one reads from their `network_data`: Terraform creates those first. */
  public referenceTargets(): ContainerPeer[] {
    const out: ContainerPeer[] = [];
    for (const l of this.outgoing) {
      if (l.to === this.self) continue;
      const plan = this.plan(l);
      const fixed = plan.kind === 'none' ? undefined : l.to._state.attachmentOn(plan.network)?.ipv4;
      if (readsTargetAddress(plan, l.options.environment ?? false, fixed)) out.push(l.to);
    }
    return out;
  }

  /** The containers of explicit dependsOn() calls, on this host, each as often as called. */
  public dependedOn(): ContainerPeer[] {
    return this.dependencies.map((d) => d.other).filter((c) => c !== this.self && c.host === this.self.host);
  }

  /** Networks where the container takes a dynamic address from the whole subnet, and where it has a static one. */
  public addressRoles(): { dynamicOn: INetwork[]; staticOn: INetwork[] } {
    const dynamicOn: INetwork[] = [];
    const staticOn = new Set<INetwork>();
    for (const n of this.networks) {
      const a = this.attachmentOn(n)!;
      if (a.ipv4 !== undefined || a.ipv6 !== undefined) staticOn.add(n);
      else if (n.kind === 'bridge') {
        const facts = n.subnets.find((s) => s.cidr.family === 4);
        if (facts && !facts.ipRange) dynamicOn.push(n);
      }
    }
    return { dynamicOn, staticOn: [...staticOn] };
  }
}
