import * as path from 'path';
import type { ErrorCode } from 'yaml';
import type { InsecureOptions } from '../security';
import { didYouMean } from '../private/did-you-mean';
import { warningText } from '../private/warning-ids';
import { COMPOSE_LIMITS } from './limits';

/**
 * How a message tells the user to say something: in the props of `ComposeProject` (the library's own wording,
 * {@link PROPS_VOCABULARY}) or, for a command line built on the importer, in its flags.
 */
export interface ComposeVocabulary {
  /** How to deploy to a swarm, e.g. `pass swarm: to ComposeProject`. */
  readonly swarm: string;
  /** How to opt service `svc` out of one secure default, e.g. `insecure: { "web": { privileged: true } } in ...`. */
  insecure(svc: string, flag: keyof InsecureOptions): string;
  /** How to accept fields that are not carried over, e.g. `accept it with unmapped: 'warn'`. */
  readonly acceptUnmapped: string;
  /** How to behave as Compose does, e.g. `use mode: 'compose-compatible'`. */
  readonly compatibleMode: string;
  /** Where else a project name can come from, e.g. `projectName in the props`. */
  readonly projectName: string;
  /** Where else variable `name` can come from, e.g. `or env: of ComposeProject`. */
  variables(name: string): string;
  /** How to widen the directory a file's paths must stay in, e.g. `projectRoot: "/src" in the ComposeProject props`. */
  projectRoot(dir: string): string;
}

/** The library's wording: the props of `ComposeProject`. */
export const PROPS_VOCABULARY: ComposeVocabulary = {
  swarm: 'pass swarm: to ComposeProject',
  insecure: (svc, flag) => `insecure: { ${JSON.stringify(svc)}: { ${flag}: true } } in the ComposeProject props`,
  acceptUnmapped: "accept it with unmapped: 'warn'",
  compatibleMode: "use mode: 'compose-compatible'",
  projectName: 'projectName in the props',
  variables: (name) => `or env: of ComposeProject; the process environment is read only for names listed in processEnv: [${JSON.stringify(name)}]`,
  projectRoot: (dir) => `projectRoot: ${JSON.stringify(dir)} in the ComposeProject props`,
};

/**
 * The flags of {@link InsecureOptions}, checked by the compiler against the interface (a missing or extra key
 * fails `tsc`), so that names given as text (a command line, JavaScript) can be validated against it.
 */
const INSECURE_FLAG_TABLE: { readonly [K in keyof Required<InsecureOptions>]: true } = {
  privileged: true,
  hostNetwork: true,
  hostPid: true,
  hostIpc: true,
  hostUserns: true,
  allowNewPrivileges: true,
  defaultCapabilities: true,
  privilegedCapabilities: true,
  defaultBridge: true,
  sensitiveMounts: true,
};

/** Every flag of {@link InsecureOptions}, in the interface's order. */
export const INSECURE_FLAGS = Object.keys(INSECURE_FLAG_TABLE) as readonly (keyof InsecureOptions)[];

const suggestion = (word: string, known: readonly string[]) => {
  const near = didYouMean(word, known);
  return near ? `did you mean ${JSON.stringify(near)}? ` : '';
};

/**
 * Every message of the Compose importer, in one place. The importer prefixes each with `file:line:column:
 * path:`, cdktf with the construct path. Each names the value and the fix.
 */
export function composeMessages(say: ComposeVocabulary) {
  return { ...fileMessages(say), ...serviceMessages(say), ...runtimeMessages(say) };
}

/** Messages about the file's structure: top level, extensions, networks, ports and names. */
function fileMessages(say: ComposeVocabulary) {
  return {
    notSupported: (field: string) => `${field} is not carried over: the library has nothing it maps to yet; remove it, or ${say.acceptUnmapped}`,
    serviceFieldNotSupported: (field: string, swarm: boolean) =>
      `${field} is not carried over: the library's ${swarm ? 'SwarmService' : 'Container'} has no such setting yet; remove it, set it on the construct from code (project.service(...)), or ${say.acceptUnmapped}`,
    valueNotSupported: (field: string, value: unknown, supported: readonly string[]) =>
      `${field}: ${JSON.stringify(value)} is not carried over (${supported.length === 1 ? `only ${supported[0]} is` : `${supported.join(', ')} are`}); remove it or ${say.acceptUnmapped}`,
    networkModeShared: (value: string) =>
      `network_mode: ${JSON.stringify(value)} is not carried over: the library's Container joins networks, not another container's network namespace (host, none and bridge are); put both services on one network instead, or ${say.acceptUnmapped}`,
    volumeRemovedOnDestroy: (key: string, given: string[]) =>
      warningText('compose-volume-removed-on-destroy', `volume ${key} has ${given.join(', ')}, which only a docker_volume of the stack can carry, so destroy removes it with its data (docker compose down keeps it; down -v removes it). To keep the data over a destroy, create the volume outside the stack and declare it external: true`),
    clientOnly: (field: string, why: string) => warningText('compose-client-only', `${field} is ignored: ${why}; nothing of it reaches the engine (remove it to silence this)`),
    distinctLimits: (field: string, deployField: string) =>
      `${field} and ${deployField} give different values (Compose refuses it too: "can't set distinct values"); keep one of them`,
    loggingWithoutDriver: () =>
      `logging has options but no driver: Compose hands them to the engine's default driver, which the stack cannot know; name it (driver: json-file is Docker's default)`,
    versionObsolete: () => warningText('compose-version-obsolete', `version is obsolete in the Compose specification and ignored (Compose v2 says the same); remove it`),
    badExtension: (field: string, example: string) => `${field} must look like ${example}`,
    unknownExtensionField: (ext: string, field: string, known: string[]) => `${ext} has no field ${JSON.stringify(field)}; use ${known.join(', ')}`,
    unknownService: (name: string, known: string[]) => `no service ${JSON.stringify(name)} in this file; services are ${known.join(', ') || '(none)'}`,
    unknownTier: (name: string, known: string[]) => `no tier ${JSON.stringify(name)} in x-tiers; tiers are ${known.join(', ')}`,
    serviceInTwoTiers: (svc: string, a: string, b: string) => `service ${svc} is in tier ${a} and in tier ${b}; put it in one (a tier is a set of networks)`,
    tiersInSwarm: () => `x-tiers creates bridge networks, which services of a swarm cannot join; drop x-tiers or deploy without a swarm`,
    externalObject: () => `external: { name: ... } is the old form; write external: true and name: <network>`,
    externalIgnores: (field: string) => `${field} of an external network is not applied: the network exists already and is used as it is; remove it`,
    driverNotSupported: (driver: string) => `driver ${JSON.stringify(driver)} is not carried over: the library creates bridge and overlay networks; use one of them`,
    bridgeInSwarm: (key: string) => `network ${key} uses the bridge driver, but a swarm deployment needs overlays (as docker stack deploy does); use driver: overlay or drop the driver`,
    overlayWithoutSwarm: (key: string) => `network ${key} is an overlay but no swarm was given; ${say.swarm}, or use driver: bridge`,
    bridgeAlwaysAttachable: () => `attachable: false cannot be said of a bridge network: containers can always join a local network; remove it`,
    overlayOption: (opt: string) => `driver option ${opt} of an overlay is not carried over (only encrypted is); remove it or ${say.acceptUnmapped}`,
    ipamField: (field: string) => `ipam.${field} is not carried over: the library uses Docker's default IPAM driver; remove it`,
    ipamWithoutSubnet: () => `an ipam config block without subnet is not carried over; add subnet`,
    secondIpamBlock: (family: number) => `a second IPv${family} ipam block is not carried over: the library gives a network one subnet per family`,
    overlayIpv6: () => `IPv6 on an overlay is not carried over: the library's OverlayNetwork is IPv4 only`,
    overlayAux: () => `aux_addresses on an overlay are not carried over: the library's OverlayNetwork has none`,
    ipv6Field: (field: string) => `${field} of an IPv6 block is not carried over: the library takes subnet and gateway for IPv6`,
    ipv6WithoutSubnet: (key: string) => `network ${key} enables IPv6 without an IPv6 subnet; add an ipam config entry with an IPv6 subnet (e.g. fd00:10::/64) so addresses are predictable`,
    ipv6Disabled: (key: string) => `network ${key} has an IPv6 subnet but enable_ipv6: false; drop one of them`,
    emptyImage: (key: string) => `service ${key} has an empty image ("image: \"\""); Docker cannot create a container from it: give the image name, e.g. image: nginx:1.27`,
    noImage: (key: string) => `service ${key} has neither image nor build; give it an image (e.g. image: nginx:1.27) or a build context (build: ./app)`,
    swarmBuild: () => `build is not carried over for swarm services (docker stack deploy ignores it too): build and push the image, and name it in image:`,
    buildField: (field: string) =>
      `build.${field} is not carried over (context, dockerfile, args, target and labels are); remove it, build the image from code with host.buildImage(), or ${say.acceptUnmapped}`,
    buildRemoteContext: (context: string) =>
      `build context ${JSON.stringify(context)} is a remote context, which the library does not fetch; clone it beside the Compose file and give the directory`,
    outsideProject: (what: string, text: string, real: string, root: string, trusted: string) =>
      `${what} ${JSON.stringify(text)} resolves to ${JSON.stringify(real)}, outside the project directory ${JSON.stringify(root)}; a Compose file is untrusted input and may only name paths inside its project: move it under that directory, or, if you trust this file with ${JSON.stringify(trusted)}, give ${say.projectRoot(trusted)}`,
    trustRoot: (dir: string) => `or, if you trust this file with ${JSON.stringify(dir)}, give ${say.projectRoot(dir)}`,
    projectRootMismatch: (root: string, directory: string) => `projectRoot ${JSON.stringify(root)} does not contain the Compose file's directory ${JSON.stringify(directory)}; give that directory or one of its parents`,
    projectRootMissing: (root: string) => `projectRoot ${JSON.stringify(root)} is not a directory; give the directory the file's paths may reach (e.g. the repository's root)`,
    needsOptOut: (svc: string, what: string, flag: keyof InsecureOptions, cis: string) =>
      `${what} is forbidden by the library's secure defaults (${cis}); if service ${svc} really needs it, opt out explicitly with ${say.insecure(svc, flag)}`,
    modeAndNetworks: () => `network_mode and networks cannot both be set (Compose rejects it too); keep one`,
    swarmNetworkMode: () => `network_mode cannot be used by swarm services; use overlay networks`,
    undeclaredNetwork: (net: string, known: string[]) =>
      `network ${JSON.stringify(net)} is not declared under the top-level networks; declare it or use one of ${known.join(', ') || '(none declared)'}`,
    attachmentField: (field: string) => `${field} of a network attachment is not carried over (aliases, ipv4_address and ipv6_address are); remove it`,
    swarmStaticIp: () => `static addresses cannot be given to swarm services; remove ipv4_address/ipv6_address`,
    protocolNotSupported: (p: string) => `protocol ${p} is not carried over: the library publishes tcp and udp`,
    swarmNeedsPublished: (port: number) => `port ${port} has no published port; a swarm service must name it (the library does not let swarm pick one): write published: <port>`,
    swarmHostIp: (ip: string) => `host_ip ${ip} is not carried over: swarm binds published ports on every interface and cannot be limited to one`,
    portField: (field: string) => `${field} of a port is not carried over (target, published, host_ip, protocol and mode are); remove it`,
    portModeOutsideSwarm: (mode: string) => `mode: ${mode} means something only to swarm services; remove it or deploy with a swarm`,
    badPort: (spec: string) => `${JSON.stringify(spec)} is not a port specification; write [host_ip:][host_port:]container_port[/tcp|udp], e.g. 127.0.0.1:8080:80`,
    hostPortRangeForOne: (spec: string, port: number) =>
      `${spec} lets Docker pick one host port of a range for container port ${port}; the library publishes fixed ports: name one host port`,
    rangeLengths: (spec: string) => `${spec}: the host and container port ranges have different lengths; make them equal`,
    exposeInSwarm: () => `expose is not carried over for swarm services (they are reachable on their overlays anyway)`,
    exposureInSwarm: () => `x-exposure is for containers; swarm services publish with ports:`,
    exposureKind: (kind: string) => `kind ${JSON.stringify(kind)} is not an exposure kind; use cluster-internal, node-port or published`,
    clusterInternalPublished: () => `a cluster-internal port publishes nothing; drop published and host_ip, or use kind: published`,
  };
}

/** Messages about services: process, security, mounts, runtime, the project's lookups and opt-outs. */
function serviceMessages(say: ComposeVocabulary) {
  return {
    badCommand: (why: string) => `command cannot be split into words as a shell would (${why}); write it as a list`,
    badRestart: (value: string) => `restart ${JSON.stringify(value)} is not one of no, always, on-failure[:max-retries], unless-stopped`,
    restartRetries: (value: string) => `the retry count of ${value} is not carried over: the library's RestartPolicy has no maximum yet; write on-failure`,
    swarmRestart: () => `restart is not carried over for swarm services (swarm restarts tasks itself; deploy.restart_policy is the swarm form)`,
    capAddAll: (svc: string) => `cap_add: [ALL] gives service ${svc} every capability; name the capabilities it needs, or opt out with ${say.insecure(svc, 'privileged')}`,
    capDropPartial: (caps: string[]) =>
      `cap_drop ${caps.join(', ')} is not carried over in compose-compatible mode: a container keeps Docker's default set or drops all; use cap_drop: [ALL] with cap_add, or the secure mode`,
    swarmDefaultCaps: () => `Docker's default capability set is not carried over for swarm services: SwarmService always drops all capabilities; list what it needs in cap_add`,
    securityOpt: (opt: string) =>
      `security_opt ${JSON.stringify(opt)} is not carried over (only no-new-privileges is): the container keeps Docker's default seccomp, AppArmor and SELinux confinement; remove it or ${say.acceptUnmapped}`,
    badBoolean: (field: string, value: unknown) =>
      `${field}: ${JSON.stringify(value)} is not a boolean as Compose reads one (true, false, yes, no, on, off, y, n); write true or false`,
    notOneOf: (field: string, value: unknown, allowed: readonly string[]) => `${field}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}; use one of them`,
    tmpfsOption: (option: string) => `tmpfs option ${JSON.stringify(option)} is not carried over (size and mode are); remove it or ${say.acceptUnmapped}`,
    tmpfsSpecialBits: (mode: string) =>
      `tmpfs mode ${mode} has setuid, setgid or sticky bits, which the provider cannot set; write the permission bits only (e.g. ${(parseInt(mode, 8) & 0o777).toString(8)}) or ${say.acceptUnmapped}`,
    lockFile: (value: string, why: string) =>
      `lock_file ${JSON.stringify(value)} ${why}; write a .yaml or .yml file name relative to the Compose file, inside its directory or an existing directory under it (e.g. lock_file: compose.lock.yaml)`,
    bindThroughSymlink: (source: string, real: string, why: string, svc: string) =>
      `bind source ${JSON.stringify(source)} resolves to ${JSON.stringify(real)}, which gives ${why}; bind what the service needs instead, or opt out with ${say.insecure(svc, 'sensitiveMounts')}`,
    swarmLinks: () => `links are not carried over for swarm services; they reach each other by name on their overlays`,
    deployField: (field: string) => `deploy.${field} is not carried over: the library's SwarmService has no such setting yet; remove it or ${say.acceptUnmapped}`,
    swarmField: (field: string) => `${field} is not carried over for swarm services: the library's SwarmService has no such setting`,
    noteLoopback: (n: number) => `${n} published port${n > 1 ? 's' : ''} bound to 127.0.0.1 (Compose: 0.0.0.0, every interface; CIS 5.14)`,
    noteCapabilities: (add: string[]) =>
      `all Linux capabilities dropped${add.length ? `, ${add.join(', ')} added back` : ''} (Compose keeps Docker's default set; CIS 5.4)`,
    noteReadOnlyBinds: (n: number) => `${n} bind mount${n > 1 ? 's' : ''} read-only (Compose: read-write unless :ro; write :rw to keep it writable)`,
    noteNoNewPrivileges: () => `no-new-privileges set (Compose does not; CIS 5.26)`,
    secureDefaults: (svc: string, notes: string[]) =>
      warningText('compose-secure-defaults', `service ${svc} runs with the library's secure defaults where Compose differs: ${notes.join('; ')}. Images that need root capabilities (e.g. a database dropping privileges) may fail: add them with cap_add, or ${say.compatibleMode} to behave as Compose does`),
    noProjectName: (file: string) =>
      `no project name: the file has no name: and ${JSON.stringify(file)} gives none (Compose uses the directory name); set name: in the file or ${say.projectName}`,
    badProjectName: (name: string) => `project name ${JSON.stringify(name)} is invalid: Compose requires lower-case letters, digits, _ and -, starting with a letter or digit`,
    noSource: () => `ComposeProject needs file or yaml; give one of them`,
    notAMapping: () => `a Compose file is a mapping with services:, networks: ...`,
    unknownNetwork: (name: string, known: string[]) => `the Compose project has no network ${JSON.stringify(name)}; its networks are ${known.join(', ') || '(none)'}`,
    unknownServiceLookup: (name: string, known: string[], problems: boolean) =>
      `the Compose project has no service ${JSON.stringify(name)}${problems ? ' (the file has errors, reported at synth)' : ''}; its services are ${known.join(', ') || '(none)'}`,
    unknownVolume: (name: string, known: string[]) => `the Compose project has no volume ${JSON.stringify(name)}; its volumes are ${known.join(', ') || '(none)'}`,
    externalNetworkForSwarm: (svc: string, net: string) =>
      `service ${svc}: network ${net} is external; the library's SwarmService joins overlays it creates: declare the network in the file`,
    notAContainer: (name: string) => `service ${name} is a swarm service; use swarmService(${JSON.stringify(name)})`,
    notASwarmService: (name: string) => `service ${name} is a container (no swarm was given); use service(${JSON.stringify(name)})`,
    badExtraHost: (text: string) => `extra host ${JSON.stringify(text)} is not host:ip (or host=ip)`,
    extraHostMany: (name: string) => `several addresses for extra host ${name} are not carried over: the library maps one address per name`,
    dependsOnField: (field: string) => `depends_on.${field} is not carried over (condition is); remove it`,
    dependsOnCondition: (c: string) => `condition ${c} is not carried over: the library waits for started, healthy or completed; use service_started, service_healthy or service_completed_successfully`,
    swarmDependsOn: () => `depends_on is not carried over for swarm services: swarm starts tasks in no order (docker stack deploy ignores it too)`,
    healthField: (field: string) => `healthcheck.${field} is not carried over (test, interval, timeout, start_period, retries and disable are)`,
    healthWithoutTest: () => `a healthcheck without test only changes the image's timings, which the library cannot express; give test`,
    badHealthTest: () => `healthcheck.test must be a string (run by a shell) or a list starting with CMD, CMD-SHELL or NONE`,
    badDuration: (text: string) => `${JSON.stringify(text)} is not a duration; write e.g. 30s, 1m30s, 500ms`,
    badSize: (text: string) => `${JSON.stringify(text)} is not a size; write e.g. 512m, 1g`,
    anonymousVolume: (target: string) =>
      `an anonymous volume at ${target} is not carried over for swarm services: the library's SwarmService mounts named volumes; write name:${target} and declare name under the top-level volumes`,
    badVolume: (spec: string) => `${spec} is not a volume specification; write source:target[:ro]`,
    volumeFlag: (flag: string) => `volume flag ${flag} is not carried over (ro and rw are)`,
    mountField: (field: string) => `${field} of a mount is not carried over (type, source, target, read_only, tmpfs.size and tmpfs.mode are)`,
    undeclaredVolume: (name: string, known: string[]) =>
      `volume ${JSON.stringify(name)} is not declared under the top-level volumes (Compose refuses it too); declare it or use one of ${known.join(', ') || '(none declared)'}`,
    mountType: (type: string) => `mount type ${type} is not carried over (volume, bind and tmpfs are)`,
    insecureUnknownService: (svc: string, flag: string, known: string[]) =>
      `${say.insecure(svc, flag as keyof InsecureOptions)} names service ${JSON.stringify(svc)}, which this file does not have; ${suggestion(svc, known)}its services are ${known.join(', ') || '(none)'}`,
    insecureUnknownFlag: (svc: string, flag: string) =>
      `${say.insecure(svc, flag as keyof InsecureOptions)}: ${JSON.stringify(flag)} is not an opt-out the library has; ${suggestion(flag, INSECURE_FLAGS)}the opt-outs are ${INSECURE_FLAGS.join(', ')}`,
    requiredVariable: (name: string, isSet: boolean, why: string) =>
      `required variable ${name} is ${isSet ? 'empty' : 'unset'}${why ? `: ${why}` : ''}; set it in the environment (${say.variables(name)})`,
    unsetVariable: (name: string) =>
      warningText('compose-variable-unset', `variable ${name} is not set; Compose substitutes an empty string (set it in the environment, ${say.variables(name)}, or write \${${name}:-default})`),
  };
}

/** Messages of the mapping that issue 20 added: builds, deploy without a swarm, secrets and configs, one-shot jobs. */
function runtimeMessages(say: ComposeVocabulary) {
  return {
    homeBind: (source: string, home: string) =>
      `bind source ${JSON.stringify(source)} starts with ~, a home directory, which the library does not expand (as Compose does): the home directory of the machine that synthesizes (here ${JSON.stringify(home)}) need not be the one of the engine's host; write the absolute path on the engine's host, e.g. ${JSON.stringify(home)}`,
    sensitiveBind: (source: string, why: string, svc: string) =>
      `bind source ${JSON.stringify(source)} gives the container ${why} (CIS Docker Benchmark 5.5/5.31); bind a narrower directory, or opt out explicitly with ${say.insecure(svc, 'sensitiveMounts')}`,
    secretOwnership: (what: string, field: string) =>
      `${field} of a ${what} is not carried over: without a swarm the ${what} is its file bind-mounted read-only, with the file's own owner and mode (Compose ignores ${field} there too); set them on the file, or ${say.acceptUnmapped}`,
    undeclaredSecret: (what: string, name: string, known: string[]) =>
      `${what} ${JSON.stringify(name)} is not declared under the top-level ${what}s (Compose refuses it too); declare it with file:, or use one of ${known.join(', ') || '(none declared)'}`,
    uploadOwnership: (what: string, field: string) =>
      `${field} of a ${what} given by environment: or content: is not carried over yet: the library writes the file with Compose's default, mode 0444 owned by root; remove ${field}, or ${say.acceptUnmapped}`,
    secretVariableName: (what: string, name: string, variable: string) =>
      `${what} ${name} reads the variable ${JSON.stringify(variable)}, which cannot be a Terraform variable (given at deploy as TF_VAR_<name>): names take letters, digits, _ and -, starting with a letter or _; rename the variable, e.g. DB_PASSWORD`,
    reservedVariable: (name: string, reserved: readonly string[]) =>
      `the variable ${name} would be a Terraform variable (given at deploy as TF_VAR_${name}), but Terraform reserves the name ${JSON.stringify(name)} (${reserved.join(', ')}) and terraform init refuses it; rename the variable in the file and where it is set (.env, the environment), e.g. to ${name.toUpperCase()}`,
    readOnlyUploads: (svc: string, file: string) =>
      `service ${svc} has read_only: true and a secret or config given by environment: or content: (${file}); Docker refuses to copy a file into a read-only root file system (docker compose up fails the same way); give it as file: (mounted read-only), or drop read_only`,
    emptyContent: (name: string) => `config ${name} has empty content:, which the provider cannot write into a container (it refuses an empty upload); give it content, or drop the config`,
    secretSwarmOnly: (what: string, field: string) =>
      `${field} of a ${what} means something only to a swarm (docker compose up mounts the file as it is); remove it, ${say.swarm}, or ${say.acceptUnmapped}`,
    deploySwarmOnly: (field: string) =>
      `deploy.${field} means something only to a swarm; without one Compose ignores it, and the library says so: remove it, ${say.swarm}, or ${say.acceptUnmapped}`,
    deployResource: (field: string) =>
      `deploy.resources.${field} is not carried over: kreuzwerker/docker's docker_container has no such limit (limits.cpus and limits.memory are carried over); remove it or ${say.acceptUnmapped}`,
    noReplicas: (n: number) => `replicas: ${n} starts no container, which the library does not express; remove the service from the file, or give it 1 or more`,
    replicasWithContainerName: (n: number) => `replicas: ${n} with container_name: ${n} containers cannot share one name (Compose refuses it too); remove container_name`,
    attemptsWithoutOnFailure: (condition: string) => `restart_policy.max_attempts with condition ${condition}: Docker counts restarts only for on-failure; use condition: on-failure, or remove max_attempts`,
    oneShotRestarts: (job: string, waiter: string, restart: string) =>
      `service ${waiter} waits for ${job} to complete (service_completed_successfully), but ${job} has restart: ${restart}, so Docker would start it again after it exits; remove restart from ${job} (a one-shot job runs once)`,
    dependsOnHealthyWithoutCheck: (svc: string, target: string, disabled: boolean) =>
      `service ${svc} waits for ${target} to be healthy (condition: service_healthy), but ${target} ${disabled ? 'disables its healthcheck' : 'has no healthcheck in the file'} (the library does not read the image's HEALTHCHECK); give ${target} a healthcheck with test, or use condition: service_started`,
  };
}

/** The messages of the importer, worded for one {@link ComposeVocabulary}. */
export type ComposeMessageSet = ReturnType<typeof composeMessages>;

/** Every message of the Compose importer in the library's wording (the props of `ComposeProject`). */
export const ComposeMessages: ComposeMessageSet = composeMessages(PROPS_VOCABULARY);

const count = (n: number) => (n === Infinity ? 'more than 10^308' : String(n));
const MIB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The fix for each kind of YAML syntax error `yaml` reports (its texts name the problem, not the fix). */
const YAML_FIXES: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'indent with spaces: YAML does not allow tabs for indentation',
  BAD_INDENT: 'check the indentation: the entries of one mapping or list start in one column, deeper than their key, and every [ or { is closed',
  MULTILINE_IMPLICIT_KEY: 'write a key and its colon on one line, and quote a value that contains ": "',
  BLOCK_AS_IMPLICIT_KEY: 'write a key and its colon on one line, and quote a value that contains ": "',
  KEY_OVER_1024_CHARS: 'shorten the key (YAML keys without "? " are at most 1024 characters)',
  DUPLICATE_KEY: 'a key appears once per mapping: remove or rename one of them',
  BAD_DQ_ESCAPE: 'use an escape YAML knows in double quotes (\\n, \\t, \\\\, \\"), or single quotes, where a backslash is literal',
  MISSING_CHAR: 'add the missing character (a closing quote or bracket, or the ":" after a key)',
  MULTIPLE_DOCS: 'a Compose file is one YAML document: remove the "---" line, or split the file',
  BAD_ALIAS: 'write an alias as *name, for an anchor &name defined before it',
  ALIAS_PROPS: 'an alias (*name) takes no anchor or tag: remove them',
  MULTIPLE_ANCHORS: 'give a value at most one anchor (&name)',
  MULTIPLE_TAGS: 'give a value at most one tag',
  BAD_PROP_ORDER: 'write the anchor and tag before the value, e.g. key: &name value',
  BAD_SCALAR_START: 'quote the value: a plain value cannot start with this character',
  BLOCK_IN_FLOW: 'inside [ ] or { } write values inline (flow style); use indented lines outside them only',
  BAD_DIRECTIVE: 'remove the "%" directive line: Compose files need none',
  TAG_RESOLVE_FAILED: 'remove the tag or make the value match it',
  RESOURCE_EXHAUSTION: `the file nests deeper than the parser can follow; Compose fields nest a few levels: flatten it (at most ${COMPOSE_LIMITS.maxDepth} levels are read)`,
  UNEXPECTED_TOKEN: 'check this line for a stray character; quote values that start with one of [ ] { } , : # & * ! | > \' " % @ `',
};

/** Messages of reading a Compose file (syntax, size, encoding, limits), before any Compose meaning. */
export const SourceMessages = {
  yamlError: (message: string, code: ErrorCode) => {
    const text = message.split('\n')[0].replace(/; please use YAML\.parseAllDocuments\(\)$/, '');
    return `${text}; ${YAML_FIXES[code] ?? 'check the YAML syntax at this place'}`;
  },
  moreErrors: (shown: number, more: number | undefined, what: string) =>
    more === undefined
      ? `reading stopped after ${shown} ${what}; fix these and load again`
      : `... and ${more} more ${what} not shown; fix these first and load again`,
  tooLarge: (bytes: number, what: string) =>
    `${what} is ${MIB(bytes)}, more than the ${MIB(COMPOSE_LIMITS.maxBytes)} a Compose file may have (COMPOSE_LIMITS.maxBytes); is it the right file? Split a large project with several files (or YAML anchors)`,
  notUtf8: () => 'is not UTF-8 text (a binary file?); give the Compose file (YAML), saved as UTF-8',
  controlCharacter: (ch: string) =>
    `holds the control character ${JSON.stringify(ch)} (U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}), which YAML does not allow (a binary file?); remove it, or write it as an escape in double quotes ("\\t", "\\x1b")`,
  tooManyNodes: (nodes: number, alias?: { name: string; nodes: number }) =>
    alias
      ? `the document has ${count(nodes)} values once its aliases are expanded (*${alias.name} here alone stands for ${count(alias.nodes)}), more than the ${COMPOSE_LIMITS.maxNodes} a Compose file may have (COMPOSE_LIMITS.maxNodes; a YAML "alias bomb"?); write the values out, or alias fewer nested anchors`
      : `the document has ${count(nodes)} values, more than the ${COMPOSE_LIMITS.maxNodes} a Compose file may have (COMPOSE_LIMITS.maxNodes); is it the right file? Split a large project into several`,
  tooDeep: () =>
    `values nest more than ${COMPOSE_LIMITS.maxDepth} levels deep here (COMPOSE_LIMITS.maxDepth; Compose fields nest at most 8); flatten the value`,
  protoKey: () =>
    `the key "__proto__" is refused: JavaScript reads it as an object's prototype, so what is under it would be lost without a word; rename it`,
  collectionKey: (kind: 'mapping' | 'list') =>
    `this key is a ${kind}, not a name; Compose keys are names: quote it if it is text (a template such as "{{ .Values.name }}" is not Compose), or fix the indentation`,
  duplicateKey: (key: string, firstLine: number) =>
    `the key ${JSON.stringify(key)} is already in this mapping (line ${firstLine}); map keys must be unique: remove or merge one of them`,
  tooManyAliases: () =>
    `this is alias number ${COMPOSE_LIMITS.maxAliases + 1}: a Compose file may use at most ${COMPOSE_LIMITS.maxAliases} (COMPOSE_LIMITS.maxAliases); write values out, or merge a larger anchor once (<<: *name)`,
  aliasCycle: (name: string) => `the alias *${name} is inside the value anchored as &${name}, so the value would contain itself; move the alias out of it`,
  unresolvedAlias: (name: string) => `the alias *${name} has no anchor &${name} before it; define the anchor first (anchors are read top to bottom)`,
  aliasLimit: (message: string) =>
    `${message} (more than ${COMPOSE_LIMITS.maxAliasCount} alias uses, COMPOSE_LIMITS.maxAliasCount); write the values out, or alias fewer nested anchors`,
  noFile: (file: string, cwd: string) =>
    `${file}: no such file${path.isAbsolute(file) ? '' : ` (relative paths start at ${cwd})`}; give the path of the Compose file, e.g. compose.yaml`,
  isDirectory: (file: string, inside: string[]) =>
    `${file} is a directory, not a Compose file; give the file in it${inside.length > 0 ? `: ${inside.map((f) => path.join(file, f)).join(' or ')}` : ' (compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml)'}`,
  unreadable: (file: string, message: string) => `${file} cannot be read (${message}); check the path and its permissions`,
};

/** Messages of the schema stage (the Compose specification's JSON schema, through ajv). */
export const SchemaMessages = {
  unknownField: (field: string, guess: string | undefined) =>
    `unknown field ${JSON.stringify(field)}: the Compose specification has no such field here${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`,
  noForm: () => 'does not match any form the Compose specification allows here',
  notOneOf: (value: unknown, allowed: unknown[]) => `${JSON.stringify(value)} is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
  required: (field: string) => `lacks the required field ${JSON.stringify(field)}`,
  duplicateItems: () => 'lists the same item twice; list each once',
  pattern: (value: unknown, pattern: string) => `${JSON.stringify(value)} must match ${pattern}`,
  wrongType: (value: string, types: string[]) => `${value} must be ${types.join(' or ')}`,
};

/** Messages of the interpolation stage (`${VAR}` as Compose substitutes it). */
export const InterpolationMessages = {
  unclosed: (text: string) => `invalid interpolation format in ${JSON.stringify(text)}: "\${" is never closed; close it with "}" or write "$$" for a literal "$"`,
  noName: (whole: string, inner: string) => `invalid interpolation format in ${JSON.stringify(whole)}: "\${${inner}}" does not start with a variable name`,
  noOperator: (whole: string, inner: string, name: string) =>
    `invalid interpolation format in ${JSON.stringify(whole)}: "\${${inner}}" has no operator Compose knows after ${name} (:-, -, :?, ?, :+, +)`,
};
