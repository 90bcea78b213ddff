import { Container as ContainerResource, ContainerConfig, ContainerHost, ContainerNetworksAdvanced, ContainerPorts } from '@cdktf/provider-docker/lib/container';
import { DefaultTokenResolver, StringConcat, Tokenization } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { ContainerFile } from '../container-file';
import { ContainerProps, RestartPolicy } from '../container-props';
import { runtimeConfig } from '../container-process';
import type { DockerHost } from '../docker-host';
import { linkEnvironment } from '../link';
import type { InsecureOptions } from '../security';
import { normalizeCapability } from './capabilities';
import type { ContainerState } from './container-state';
import { EscapeHatchGuard, escapeHatchGuardOf, guardedResourceClass, RenderedAttribute } from './escape-hatch';
import type { NetworkDriftShape } from './network-drift';
import { labelList } from './ipam';
import { ownershipLabels } from './ownership';
import { literalAttributesClass, literalValue } from './terraform-literal';

/**
 * What a container renders on its `docker_container`, computed from its accumulated state when the stack is
 * synthesized, so that a late attach(), linkTo() or expose(), on this container or on a peer, needs no
 * re-rendering. {@link RenderedContainerResource} writes the attributes just before the resource synthesizes them
 * (JSON or HCL), and adds the library's `depends_on` to the resource's meta-arguments: no token per attribute and
 * no override, which at 20,000 containers was a fifth of the synth (see README, "Synth performance").
 */

/**
 * What the library renders on `docker_container` itself, and the API a stack uses instead of writing it through
 * `container.resource`. `depends_on` written as `resource.dependsOn = [...]` is merged (the way before 0.2.0);
 * only an override of it is refused.
 */
export const RENDERED_ATTRIBUTES: readonly RenderedAttribute[] = [
  { attribute: 'depends_on', use: 'container.dependsOn(other), or assign container.resource.dependsOn, which the library merges with its own' },
  { attribute: 'networks_advanced', methods: ['putNetworksAdvanced', 'resetNetworksAdvanced'], use: "the networks prop or container.attach(network, { ipv4Address, aliases })" },
  { attribute: 'network_mode', setters: ['networkMode'], methods: ['resetNetworkMode'], use: 'BuiltinNetwork.host(host) or BuiltinNetwork.none(host) as the only network' },
  { attribute: 'host', methods: ['putHost', 'resetHost'], use: 'the extraHosts prop (links on docker0 add their own entries)' },
  { attribute: 'env', setters: ['env'], methods: ['resetEnv'], use: 'the env prop (links add their variables with linkTo(.., { environment: true }))' },
  { attribute: 'ports', methods: ['putPorts', 'resetPorts'], use: 'container.expose(port, Exposure.published(...))' },
];

/**
 * The `docker_container` of a Container: the generated class, with the attributes above guarded against writes
 * through `container.resource` (private/escape-hatch.ts), rendered from the container's state each time it is
 * synthesized, and every attribute written as a literal (private/terraform-literal.ts). All of it lives on the
 * prototype, made once: per container there is one more field, the state, instead of the dozen closures and own
 * properties the same hooks cost when installed on each resource (which also put each resource in V8's slow
 * dictionary mode).
 */
export class RenderedContainerResource extends guardedResourceClass(ContainerResource, RENDERED_ATTRIBUTES) {
  constructor(scope: IConstruct, id: string, config: ContainerConfig, private readonly state: ContainerState) {
    super(scope as Construct, id, config);
  }

  /** The library's writes: the guard lets them pass. */
  public get guard(): EscapeHatchGuard {
    return escapeHatchGuardOf(this);
  }

  // depends_on is a meta-argument, read through this getter by toTerraform() and toHclTerraform().
  public override get terraformMetaArguments(): { [key: string]: any } {
    return { ...super.terraformMetaArguments, dependsOn: renderDependsOn(this.state) };
  }

  protected override synthesizeAttributes(): { [name: string]: any } {
    this.render();
    return literalValue(super.synthesizeAttributes());
  }

  protected override synthesizeHclAttributes(): { [name: string]: any } {
    this.render();
    return literalValue(super.synthesizeHclAttributes());
  }

  /** Writes the attributes derived from the state (network_mode, networks_advanced, host, env, ports). */
  private render(): void {
    const s = this.state;
    this.guard.write(() => {
      this.networkMode = renderNetworkMode(s);
      const advanced = renderNetworksAdvanced(s);
      if (advanced) this.putNetworksAdvanced(advanced);
      else this.resetNetworksAdvanced();
      const hosts = renderHostEntries(s);
      if (hosts) this.putHost(hosts);
      else this.resetHost();
      const env = renderEnvironment(s);
      if (env) this.env = env;
      else this.resetEnv();
      const ports = renderPorts(s);
      if (ports) this.putPorts(ports);
      else this.resetPorts();
    });
  }
}
literalAttributesClass(RenderedContainerResource);

/**
 * The attributes the props decide, written once at construction: image, command, labels (with the ownership
 * labels), the secure defaults and their opt-outs, and the process settings of private/container-process.ts.
 */
export function staticAttributes(owner: IConstruct, host: DockerHost, name: string, props: ContainerProps, insecure: InsecureOptions): ContainerConfig {
  const dropAll = !insecure.defaultCapabilities && !insecure.privileged;
  const added = props.capabilities?.length ? props.capabilities.map(normalizeCapability) : undefined;
  return {
    provider: host.provider,
    name,
    image: props.image,
    command: props.command ? [...props.command] : undefined,
    restart: (props.restart ?? RestartPolicy.NO).value,
    hostname: props.hostname,
    labels: labelList({ ...props.labels, ...ownershipLabels(owner, host) }),
    privileged: insecure.privileged ? true : undefined,
    pidMode: insecure.hostPid ? 'host' : undefined,
    ipcMode: insecure.hostIpc ? 'host' : undefined,
    usernsMode: insecure.hostUserns ? 'host' : undefined,
    securityOpts: insecure.allowNewPrivileges ? undefined : ['no-new-privileges:true'],
    capabilities: dropAll || added ? { drop: dropAll ? ['ALL'] : undefined, add: added } : undefined,
    ...runtimeConfig(props, host.providerVersion),
    upload: renderFiles(owner, props.files),
  };
}

/** `upload`: the files placed in the container (a set: their order does not matter). */
function renderFiles(owner: IConstruct, files: readonly ContainerFile[] | undefined): ContainerConfig['upload'] {
  const list = (Array.isArray(files) ? files : []).filter((f): f is ContainerFile => f instanceof ContainerFile);
  return list.length > 0 ? list.map((f) => f._render(owner)) : undefined;
}

/** `network_mode`: host or none for those networks, else `bridge`, the mode the provider creates containers in. */
export function renderNetworkMode(s: ContainerState): string {
  return s.specialNetwork?.networkName ?? 'bridge';
}

/** What the stack's network-drift check reads (private/network-drift.ts). */
export function driftShape(s: ContainerState): NetworkDriftShape {
  // A one-shot job has exited: Docker no longer holds its endpoints, which is no drift.
  if (s.specialNetwork || s.props.runToCompletion === true) return 'namespace';
  return onlyDocker0(s) ? 'docker0' : 'advanced';
}

/** `networks_advanced`: every user-defined network, with the aliases incoming links add; none on docker0 alone. */
export function renderNetworksAdvanced(s: ContainerState): ContainerNetworksAdvanced[] | undefined {
  if (s.specialNetwork || onlyDocker0(s)) return undefined;
  const linked = s.linkAliases();
  return s.attachments.map((a) => {
    const aliases = s.aliasesOn(a, linked);
    return { name: a.network.reference, aliases: aliases.length > 0 ? aliases : undefined, ipv4Address: a.ipv4, ipv6Address: a.ipv6 };
  });
}

/**
 * `host`: the extraHosts prop first, then a hosts entry for each outgoing link on docker0 (which has no DNS),
 * pointing at the target's address there. On host no entries (the host's /etc/hosts), on none only the prop's.
 */
export function renderHostEntries(s: ContainerState): ContainerHost[] | undefined {
  const hosts: ContainerHost[] = Object.entries(s.props.extraHosts ?? {}).map(([host, ip]) => ({ host, ip }));
  const special = s.specialNetwork;
  if (special && special.kind !== 'none') return undefined;
  if (!special) {
    for (const l of s.outgoing) {
      const plan = s.plan(l);
      if (plan.kind === 'hosts') hosts.push({ host: l.alias, ip: l.to.ipv4AddressOn(plan.network) });
    }
  }
  return hosts.length > 0 ? hosts : undefined;
}

/** `env`: Docker's legacy link variables of links with `environment`, then the container's own (which win). */
export function renderEnvironment(s: ContainerState): string[] | undefined {
  const env: Record<string, string> = {};
  for (const l of s.outgoing) {
    if (!l.options.environment) continue;
    const plan = s.plan(l);
    if (plan.kind === 'none') continue;
    // Ports default to what the target exposes, as `docker run --link` reads the image's EXPOSE.
    const ports = l.options.ports ?? l.to._state.exposed.map((e) => e.port);
    Object.assign(env, linkEnvironment(s.self.containerName, l.alias, l.to.ipv4AddressOn(plan.network), ports));
  }
  Object.assign(env, s.props.env);
  const list = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return list.length > 0 ? list : undefined;
}

/** `ports`: every published port, at the host port the host's registry gives it (fixed, allocated, or the engine's). */
export function renderPorts(s: ContainerState): ContainerPorts[] | undefined {
  const published = s.published;
  if (published.length === 0) return undefined;
  return published.map((e) => ({ internal: e.port.number, external: s.self.host._registry.hostPortOf(e), ip: e.exposure.hostInterface.ip, protocol: e.port.protocol }));
}

/**
 * `depends_on`: explicit dependsOn() first, then the library's ordering edges (private/ordering.ts), each container
 * once; then what the stack wrote to `resource.dependsOn` itself (what 0.1 stacks did).
 */
export function renderDependsOn(s: ContainerState): string[] | undefined {
  const self = s.self;
  const ordering = self.host._registry.orderingOf(self);
  const targets = [...new Set([...s.dependencies.map((d) => d.other).filter((c) => c !== self), ...ordering])];
  const ours = targets.map((c) => `${c.resource.terraformResourceType}.${c.resource.friendlyUniqueId}`);
  const given = self.resource.dependsOn ?? [];
  if (ours.length === 0 && given.length === 0) return undefined;
  const resolve = (d: string): unknown => Tokenization.resolve(d, { scope: self, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
  const theirs = given.map(resolve).filter((d): d is string => typeof d === 'string');
  return [...new Set([...ours, ...theirs])];
}

function onlyDocker0(s: ContainerState): boolean {
  return s.attachments.every((a) => a.network.kind === 'default-bridge');
}
