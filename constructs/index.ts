// The public API of docker-network-cdktf: every name exported here is a promise to users (README, "A tour of the
// constructs"). One export at a time, never `export *`, so that a new helper in a module does not become public by
// accident; api/docker-network-cdktf.api.md records this surface and `npm run api:check` fails on any change to it
// that was not accepted with `npm run api:update` (README, "Changing the public API").
//
// Not exported, and free to change: constructs/private/, whatever its JSDoc marks internal, validation and rendering
// helpers, message catalogs, the Compose loading stages and the code generator, the engine reader. Tooling in this
// repository (cli/, scripts/, bench/, e2e/) and the tests import those from their module paths.

// Hosts and providers
export { DockerHost, HostEndpoint, TlsMaterial } from './docker-host';
export type { DefaultBridgeFacts, DockerHostProps, TcpEndpointOptions } from './docker-host';
export { ProviderVersion } from './provider-version';
export type { ProviderQuirk } from './provider-version';

// Networks and addresses
export type { INetwork, NetworkKind, SubnetFacts } from './network';
export { BuiltinNetwork } from './builtin-network';
export { BridgeNetwork } from './bridge-network';
export type { BridgeNetworkProps, ImportedNetworkFacts } from './bridge-network';
export { AddressPlan, ClusterAddressPlan, SubnetAllocation } from './address-plan';
export type { AddressPlanProps, ClusterAddressPlanProps } from './address-plan';
export { Cidr, parseIpAddress } from './cidr';
export type { CidrParseProblem, IpAddress, IpFamily } from './cidr';

// Containers
export { Container, RestartPolicy } from './container';
export type { AttachOptions, ContainerProps, NetworkAttachment } from './container';
export type { ContainerRuntimeProps, LoggingOptions, Ulimit } from './container-process';
export type { InsecureOptions } from './security';
export type { LinkOptions } from './link';
export type { DependsOnOptions } from './dependency';
export { Port } from './port';
export type { Protocol } from './port';
export { Exposure, HostInterface } from './exposure';
export type { PublishOptions } from './exposure';
export { HealthCheck } from './health-check';
export type { HealthCheckOptions } from './health-check';
export { Mount } from './mount';
export { ContainerFile } from './container-file';
export type { ContainerFileOptions } from './container-file';
export type { BindMountOptions, MountPolicy, TmpfsMountOptions, VolumeMountOptions } from './mount';
export { RemovalPolicy, Volume } from './volume';
export type { IVolume, VolumeHostBind, VolumeProps } from './volume';
export { PullPolicy, RegistryCredentials } from './image';
export type { ImageOptions } from './image';
export type { BuildImageOptions } from './image-build';
export { Duration } from './duration';
export { Size } from './size';

// Tiers
export { Tier, TieredNetwork } from './tiers';
export type { Reachability, TieredNetworkProps, TierOptions } from './tiers';

// Swarm
export { Swarm } from './swarm';
export type { SwarmProps } from './swarm';
export { OverlayNetwork } from './overlay-network';
export type { OverlayNetworkProps } from './overlay-network';
export { EndpointMode, ServicePort, SwarmService } from './swarm-service';
export type { ServiceNetworkAttachment, SwarmServiceProps } from './swarm-service';
export { ServiceMode } from './service-spec';
export type {
  ServiceConfigMount,
  ServicePlacement,
  ServiceResources,
  ServiceRestartPolicy,
  ServiceSecretMount,
  SwarmServiceRuntimeProps,
  UpdatePolicy,
} from './service-spec';
export { SecretValue, SwarmConfig, SwarmSecret } from './swarm-secret';
export type { SwarmConfigProps, SwarmSecretProps } from './swarm-secret';

// Warnings and strict mode
export { STRICT_CONTEXT_KEY, Warnings, warningsOf } from './warnings';

// Synthesizing an app: the one-list validation output in place of app.synth()
export { synthOrExplain } from './synth';
export type { ISynthesizable, SynthOrExplainOptions } from './synth';

// Compose files in
export { COMPOSE_LIMITS, ComposeProject } from './compose';
export type { ComposeMode, ComposeProjectProps, Environment } from './compose';

// The topology report
export {
  TOPOLOGY_FORMAT,
  TopologyReport,
  declaredTopology,
  reachability,
  renderDifferences,
  renderSvg,
  renderText,
  toDot,
} from './report';
export type {
  AttachmentModel,
  ContainerModel,
  Difference,
  DotOptions,
  HostModel,
  LiveComparison,
  NetworkModel,
  PortModel,
  ReachabilityModel,
  ServiceModel,
  SubnetModel,
  TextOptions,
  TopologyModel,
  TopologyReportProps,
  WarningModel,
} from './report';
