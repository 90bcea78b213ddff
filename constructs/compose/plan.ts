import type { InsecureOptions } from '../security';
import { ComposePath, ComposeProblem } from './source';
import type { VariableSource } from './interpolation';

/**
 * What a Compose file becomes, as plain data: the networks and services to create and how. `ComposeProject`
 * turns it into constructs; `generateStack` prints it as TypeScript. Both read the same plan, so a loaded file
 * and generated code build the same stack.
 */
export interface ComposePlan {
  readonly projectName: string;
  /** True when services become swarm services (`docker stack deploy`). */
  readonly swarm: boolean;
  /** True in compose-compatible mode (0.0.0.0, Docker's capabilities, read-write binds). */
  readonly compatible: boolean;
  readonly networks: PlannedNetwork[];
  /** Top-level volumes that services use. */
  readonly volumes: PlannedVolume[];
  readonly services: PlannedService[];
  readonly addressPlan?: PlannedAddressPlan;
  readonly tiers: PlannedTier[];
  /** Fields that could not be carried over: an error at synth unless `unmapped: 'warn'`. */
  readonly unmapped: ComposeProblem[];
  /** Refusals and invalid values: always an error. */
  readonly errors: ComposeProblem[];
  /** Things to say without failing (unset variables, secure defaults that differ from Compose). */
  readonly warnings: ComposeProblem[];
  /**
   * The variables (`.env`, the environment given, the process environment) whose values the file used, by name:
   * `compose:import` writes a reference to each (a Terraform variable) instead of its value.
   * @default - none
   */
  readonly variables?: Readonly<Record<string, string>>;
  /**
   * The strings of the file that hold values of variables (after interpolation), with the variables' names: a
   * generated value refers to a variable only where it comes from such a string.
   * @default - none
   */
  readonly variableSources?: readonly VariableSource[];
}

/** `x-address-plan`: the pool networks without an ipam config take their subnet from. */
export interface PlannedAddressPlan {
  readonly pool: string;
  readonly prefixLength?: number;
  /** Relative to the Compose file's directory when loaded from a file. */
  readonly lockFile?: string;
}

/** `x-tiers`: one tier. */
export interface PlannedTier {
  readonly name: string;
  readonly services: string[];
  readonly allowFrom: string[];
  readonly internal: boolean;
}

/** One network of the file (or `default`). */
export interface PlannedNetwork {
  /** The key in the file, e.g. `front`; `default` for the implicit one. */
  readonly key: string;
  readonly path: ComposePath;
  /** The Docker name: `<project>_<key>` unless `name:` says otherwise. */
  readonly name: string;
  readonly kind: 'bridge' | 'overlay' | 'external-bridge' | 'external-overlay';
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly auxAddresses?: Record<string, string>;
  readonly ipv6Subnet?: string;
  readonly ipv6Gateway?: string;
  readonly bridgeName?: string;
  readonly interContainerCommunication?: boolean;
  readonly ipMasquerade?: boolean;
  readonly mtu?: number;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly encrypted?: boolean;
  readonly labels?: Record<string, string>;
  readonly driverOptions?: Record<string, string>;
  /** Take the subnet from the address plan (keyed by the Docker name). */
  readonly fromAddressPlan?: boolean;
}

/** A top-level volume. */
export interface PlannedVolume {
  readonly key: string;
  /** `<project>_<key>` unless `name:`. */
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driverOptions?: Record<string, string>;
  readonly labels?: Record<string, string>;
  /**
   * True when the volume has a driver, driver options or labels: only a `docker_volume` of the stack carries those,
   * and destroy removes it with its data (`RemovalPolicy.DESTROY`); otherwise it is retained, as `down` keeps it.
   */
  readonly destroyWithStack?: boolean;
}

/** A mount of a service. */
export interface PlannedMount {
  readonly type: 'volume' | 'bind' | 'tmpfs';
  /** Volume key (volume), absolute host path (bind); none for an anonymous volume. */
  readonly source?: string;
  /** An anonymous volume (`- /data`): a volume of its own per container, see {@link anonymousVolumeName}. */
  readonly anonymous?: boolean;
  readonly target: string;
  /** As the file says: true (`:ro`, `read_only: true`), false (`:rw`, `read_only: false`), or undefined. */
  readonly readOnly?: boolean;
  /** tmpfs size in bytes. */
  readonly sizeBytes?: number;
  /** tmpfs permission bits (`mode=1770` keeps the low nine bits, as the provider can). */
  readonly mode?: number;
}

/**
 * A file written into a container (`ContainerFile`): a secret or config given by a variable of the environment
 * (`variable`: a sensitive Terraform variable of that name, given at deploy) or by `content:` (`text`).
 */
export interface PlannedFile {
  /** The absolute path in the container. */
  readonly target: string;
  /** Permission bits (Compose's 0444). */
  readonly mode: number;
  readonly variable?: string;
  readonly text?: string;
}

/** A health check as Docker stores it: `test` is `['CMD', ...]`, `['CMD-SHELL', script]` or `['NONE']`. */
export interface PlannedHealthCheck {
  readonly test: string[];
  /** Go duration texts as Compose writes them (`30s`, `1m30s`). */
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly retries?: number;
}

/** Process, health, DNS, mounts and ordering of a service. */
export interface PlannedRuntime {
  readonly entrypoint?: string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly dns?: string[];
  readonly dnsSearch?: string[];
  readonly dnsOptions?: string[];
  readonly extraHosts?: Record<string, string>;
  readonly healthCheck?: PlannedHealthCheck;
  readonly mounts?: PlannedMount[];
  /** Secrets and configs written into the container as files. Containers only. */
  readonly files?: PlannedFile[];
  readonly dependsOn?: { readonly target: string; readonly condition: 'started' | 'healthy' | 'completed' }[];
  readonly restartMaxRetries?: number;
  /** `init: true`: tini as PID 1. Containers only. */
  readonly init?: boolean;
  /** `sysctls`, list or map. Containers only. */
  readonly sysctls?: Record<string, string>;
  /** `stop_signal`, as written (the Container normalises and checks it). Containers only. */
  readonly stopSignal?: string;
  /** `read_only`: a read-only root filesystem. Containers only. */
  readonly readOnly?: boolean;
  /** `ulimits`, by name. Containers only. */
  readonly ulimits?: Record<string, { readonly soft: number; readonly hard: number }>;
  /** `logging`: driver and options. Containers only. */
  readonly logging?: { readonly driver: string; readonly options?: Record<string, string> };
  /** `stop_grace_period`, a Go duration text. */
  readonly stopGracePeriod?: string;
  /** Containers: `deploy.resources.limits` (cpus, memory); swarm services: also reservations. */
  readonly globalMode?: boolean;
  readonly placementConstraints?: string[];
  /** Swarm only from here, except `limits`. */
  readonly limits?: { readonly cpus?: number; readonly memoryBytes?: number };
  readonly reservations?: { readonly cpus?: number; readonly memoryBytes?: number };
  readonly serviceLabels?: Record<string, string>;
  readonly restartPolicy?: { readonly condition?: 'none' | 'on-failure' | 'any'; readonly maxAttempts?: number; readonly delay?: string; readonly window?: string };
}

/** How a service joins one network. */
export interface PlannedAttachment {
  /** A network key, or `host`, `none`, `bridge` for the built-in ones (network_mode). */
  readonly network: string;
  readonly builtin?: 'host' | 'none' | 'bridge';
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly aliases: string[];
}

/** A port made reachable. */
export interface PlannedExposure {
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly kind: 'cluster-internal' | 'node-port' | 'published';
  readonly hostPort?: number;
  /** The host interface; undefined means the mode's default (127.0.0.1 secure, 0.0.0.0 compose-compatible). */
  readonly hostIp?: string;
  /** Swarm services: ingress (routing mesh) or host. */
  readonly swarmMode?: 'ingress' | 'host';
}

/** A legacy link. */
export interface PlannedLink {
  readonly target: string;
  readonly alias: string;
  readonly environment: boolean;
}

/** `build:` of a service: the image built on the engine (`DockerHost.buildImage`). */
export interface PlannedBuild {
  /** The tag: `image:` when the service has one, else `<project>-<service>` (as Compose names it). */
  readonly image: string;
  /** Absolute, real path, inside the Compose file's directory. */
  readonly context: string;
  /** As the file says, relative to the context. */
  readonly dockerfile?: string;
  readonly args?: Record<string, string>;
  readonly target?: string;
  readonly labels?: Record<string, string>;
}

/** One service of the file. */
export interface PlannedService {
  readonly key: string;
  readonly path: ComposePath;
  /** Container name (`<project>-<service>-1` unless container_name) or swarm service name (`<project>_<service>`). */
  readonly name: string;
  readonly image: string;
  /** A one-shot job another service waits for with `service_completed_successfully` (`runToCompletion`). */
  readonly runToCompletion?: boolean;
  /** Built from a context instead of pulled (`build:`); `image` is then the tag it gets. */
  readonly build?: PlannedBuild;
  readonly command?: string[];
  readonly env?: Record<string, string>;
  readonly restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  readonly hostname?: string;
  readonly labels?: Record<string, string>;
  readonly capabilities?: string[];
  readonly insecure: InsecureOptions;
  readonly attachments: PlannedAttachment[];
  readonly exposures: PlannedExposure[];
  readonly links: PlannedLink[];
  /** The ports a link's variables describe: expose (also where it publishes nothing) and published targets. */
  readonly linkPorts: { readonly port: number; readonly protocol: 'tcp' | 'udp' }[];
  readonly runtime: PlannedRuntime;
  readonly replicas?: number;
  readonly endpointMode?: 'vip' | 'dnsrr';
  /** Differences between the library's secure defaults and Compose, said once per service. */
  readonly secureDefaultNotes: string[];
}
