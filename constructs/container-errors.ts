/**
 * Messages about a container's or service's definition beyond its networks (mounts, health, process, images,
 * secrets). Same rules as {@link Errors}: cdktf prefixes the construct path; each names the bad value and the fix.
 */
export const ContainerErrors = {
  emptyHealthCommand: () => `the health check has an empty command; give it a command, e.g. HealthCheck.shell('test -f /data/ready')`,
  badDuration: (field: string, value: string) => `${field} ${value} is not a usable duration; use a positive Duration such as Duration.seconds(10) (at least 1ms)`,
  badSizeText: (text: unknown) =>
    `size ${JSON.stringify(text)} is not a size; write it as Docker does, a number and a binary unit such as 512m, 512MiB, 1g or 1GiB (or use Size.mebibytes(512))`,
  parseToken: (what: string, example: string) =>
    `${what}.parse() was given a token, whose text is known only to Terraform; pass a number token to a factory instead, e.g. ${example}`,
  badDurationText: (text: unknown) =>
    `duration ${JSON.stringify(text)} is not a duration; write it in Go's notation as Docker does, e.g. 30s, 1m30s, 500ms or 1h (or use Duration.seconds(30))`,
  durationNotWholeSeconds: (field: string, value: string) =>
    `${field} ${value} is not a whole number of seconds, which is all the provider takes; use Duration.seconds(n) (e.g. round ${value} up)`,
  unknownCondition: (value: unknown) => `dependsOn condition ${JSON.stringify(value)} is not one of 'started', 'healthy', 'completed'; use one of those`,
  runToCompletionRestarts: (restart: string) =>
    `runToCompletion is a one-shot job, but its restart policy is ${restart}: Docker would start it again after it exits; use RestartPolicy.NO (the default)`,
  dependsOnCompletedNotOneShot: (other: string) =>
    `the container waits for ${other} to complete, but ${other} is a long-running container; give ${other} runToCompletion: true, or use condition 'started'`,
  badCount: (field: string, value: number) => `${field} ${value} is not a whole number; use 0 or more`,
  dependsOnHealthyWithoutCheck: (other: string) =>
    `the container waits for ${other} to be healthy, but ${other} has no health check; give ${other} a healthCheck, or use condition 'started'`,
  dependsOnCycle: (names: string[]) =>
    `dependsOn and links ${names.join(' -> ')} form a cycle, which Terraform rejects ("Error: Cycle"); drop one of the dependsOn() calls`,
  notAContainer: (where: string, value: string) => `${where} was given ${value}, not a Container: pass a Container of this stack, e.g. web.dependsOn(db)`,
  escapeHatchWrite: (attribute: string, use: string) =>
    `${attribute} was written through container.resource, but the library renders ${attribute} itself (one of the two would be lost without a word); use ${use}`,
  dependsOnOtherStack: (other: string, stack: string) =>
    `the container depends on ${other}, a container of stack ${stack}: Terraform's depends_on cannot reach into another stack; deploy stack ${stack} first (cdktf deploy orders stacks with stack.addDependency(other)) and drop this dependsOn()`,
  badUser: (value: string) => `user ${JSON.stringify(value)} is not user, uid, user:group or uid:gid (no spaces); write it like 1000:1000 or app`,
  cpusTooSmall: (value: number, min: number, where: string) => `${where} ${value} is below ${where === 'cpus' ? "Docker's" : "swarm's"} minimum of ${min} CPUs; give at least ${min}`,
  dependsOnSelf: () => `the container depends on itself; name another container`,
  relativeTarget: (field: string, value: string) => `${field} ${JSON.stringify(value)} is not an absolute container path; write it like /data`,
  relativeSource: (value: string) => `bind mount source ${JSON.stringify(value)} is not an absolute host path; write it like /srv/app/config`,
  sensitiveBind: (path: string, why: string) =>
    `bind mount of ${path} gives the container ${why} (CIS Docker Benchmark 5.5/5.31); mount a narrower directory, or opt out explicitly with insecure: { sensitiveMounts: true }`,
  sensitiveVolumeBind: (volume: string, path: string, why: string, where: string) =>
    `volume ${volume} binds the host path ${path} (its driver options: o with bind or rbind, device ${path}), which gives a container ${why} (CIS Docker Benchmark 5.5/5.31); bind a narrower directory, or opt out explicitly with insecure: { sensitiveMounts: true } ${where}`,
  privilegedCapability: (cap: string, why: string, optOut: string) =>
    `capability ${cap} is as strong as privileged (${why}; CIS Docker Benchmark 5.4/5.5); leave it out, or opt out explicitly with ${optOut}`,
  mountAtRoot: (type: string) => `a ${type} mount at / would replace the container's root file system, which Docker refuses ("destination can't be '/'"); mount it at a directory such as /data`,
  duplicateTarget: (target: string) => `two mounts share the container path ${target}; Docker rejects "Duplicate mount point": give each its own target`,
  tmpfsMode: (mode: number) => `tmpfs mode ${mode} is not a permission mode from 0 to 0o777; write it in octal like 0o755 (leave it out for Docker's 1777)`,
  badSize: (field: string, value: string) => `${field} ${value} is not a positive whole number of bytes; use Size.mebibytes(n) or Size.gibibytes(n)`,
  memoryNotMebibytes: (field: string, bytes: number) =>
    `${field} ${bytes} bytes is not a whole number of MiB, and the provider stores memory in MiB (the next plan would differ); use Size.mebibytes(${Math.max(6, Math.round(bytes / 1048576))})`,
  memoryTooSmall: (field: string, mib: number) => `${field} ${mib} MiB is below Docker's minimum of 6 MiB; give it at least Size.mebibytes(6)`,
  badCpus: (value: number) => `cpus ${value} is not a positive number of CPUs with at most 9 decimals; use e.g. 0.5 or 2`,
  badUlimit: (name: string, detail: string) => `ulimit ${name}: ${detail}`,
  sysctlNotNet: (key: string) =>
    `sysctl ${key} is not namespaced to the container (net.*, or the IPC ones kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) and would change the host or fail; set only namespaced sysctls here`,
  sysctlOnHostIpc: (key: string) => `sysctl ${key} would change the host's IPC settings (the container shares the host's IPC namespace, insecure.hostIpc); drop it or the opt-out`,
  sysctlOnHostNetwork: (key: string) => `sysctl ${key} would change the host's own network stack (the container is on the host network); drop it`,
  badSignal: (signal: string) => `stopSignal ${JSON.stringify(signal)} is not a signal Docker knows; write it like SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3 (or a number from 1 to 64)`,
  retriesWithoutOnFailure: (restart: string) => `restartMaxRetries only applies with RestartPolicy.ON_FAILURE, not ${restart}; use ON_FAILURE or drop restartMaxRetries`,
  badDnsServer: (value: string) => `dns server ${JSON.stringify(value)} is not an IP address; write it like 10.0.0.2`,
  badHostName: (value: string) => `extra host name ${JSON.stringify(value)} is not a host name; write it like db.internal`,
  badHostIp: (name: string, value: string) => `extra host ${name} -> ${JSON.stringify(value)} is not an IP address; write it like 10.0.0.5 (or host-gateway for the host's address)`,
  hostEntryClash: (name: string) => `extra host ${name} is also the alias of a link, which writes its own hosts entry; drop one of them`,
  dnsOnSpecialNetwork: (network: string) => `dns settings and extra hosts have no effect on the ${network} network (the container uses the host's); drop them`,
  badImageRef: (value: string) =>
    `image ${JSON.stringify(value)} is not an image reference; write it like busybox:1.36, registry.example.com/team/app:2.1 or app@sha256:<64 hex digits>`,
  emptyImage: () => 'image is empty; name one, e.g. host.image("busybox:1.36")',
  envEmptyName: () => 'environment variable "" has an empty name; Docker fails at apply: give it a name',
  envNameWithEquals: (key: string) =>
    `environment variable name ${JSON.stringify(key)} contains "=", so Docker would read it as ${key.split('=')[0]}=${key.slice(key.indexOf('=') + 1)}...; write the name without "=" and put the rest in the value`,
  capabilityNotText: (cap: unknown) => `capability ${JSON.stringify(cap)} is not a Linux capability name; write it like NET_RAW`,
  capabilityAll: (cap: string) =>
    `capability "${cap}" is not one capability: every capability at once is what a privileged container has; list the ones the program needs (e.g. NET_BIND_SERVICE), or opt out explicitly with insecure: { defaultCapabilities: true } (Docker's default set) or insecure: { privileged: true }`,
  unknownCapability: (cap: string, near: string | undefined) =>
    `capability ${JSON.stringify(cap)} is not a Linux capability (capabilities(7)); ${near ? `did you mean ${near}?` : 'write one like NET_RAW or NET_BIND_SERVICE'}`,
  configTextOrFile: (name: string) => `config ${name} needs exactly one of text and file; give one`,
  serviceWithoutNetwork: (swarm: string) => `the service joins no network; give it an overlay of swarm ${swarm}`,
  emptyImageName: () => `host.image() was given an empty image name; name one, e.g. host.image('busybox:1.36')`,
  badRegistryAddress: (value: unknown) =>
    `registry address ${JSON.stringify(value)} is not a registry host (a DNS name without "_", or [IPv6], with an optional :port); write it like registry.example.com:5000 or ghcr.io`,
  badBuildContext: (context: string, why: string) =>
    `build context ${JSON.stringify(context)} ${why}; give a directory on the machine that runs synth and Terraform, e.g. host.buildImage('app', { context: 'app' })`,
  noDockerfile: (file: string, context: string) =>
    `no Dockerfile at ${JSON.stringify(file)}; create it, or name the file with dockerfile: (relative to the context ${JSON.stringify(context)})`,
  buildTwice: (name: string) =>
    `image ${JSON.stringify(name)} is built twice with different options on this host; give each build its own image name, or build it once and pass the returned id to both containers`,
  badPullPolicy: (value: unknown) =>
    `pullPolicy ${typeof value === 'string' ? JSON.stringify(value) : typeof value} is not a pull policy; use PullPolicy.MISSING, PullPolicy.ALWAYS or PullPolicy.NEVER`,
  badDigest: (value: string) => `digest ${JSON.stringify(value)} is not sha256:<64 hex digits>; copy it from docker buildx imagetools inspect or the registry`,
  secretLiteral: (field: string) =>
    `${field} is literal text in the stack and would land in cdk.tf.json: use SecretValue.fromVariable() (a sensitive Terraform variable) or SecretValue.fromFile()`,
  badReplicas: (value: number, where: string) => `replicas ${String(value)} (given in ${where}) is not a whole number of tasks; use 0 or more, e.g. 2`,
  replicasWithGlobal: () => `replicas has no meaning for a global service (one task per node); drop replicas or use ServiceMode.replicated()`,
  badRatio: (field: string, value: number) => `${field} ${value} is not between 0 and 1; use e.g. 0.1`,
  badConstraint: (value: string) => `placement constraint ${JSON.stringify(value)} is not "<attribute> == <value>" or "<attribute> != <value>"; write it like node.role == manager`,
  maxReplicasWithGlobal: () => `placement.maxReplicasPerNode has no meaning for a global service (one task per node), and swarm refuses it; drop it or use ServiceMode.replicated()`,
  notOneOf: (field: string, value: unknown, allowed: readonly string[]) =>
    `${field} ${JSON.stringify(value) ?? String(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}; use one of those`,
  serviceMemoryTooSmall: (value: string) => `limits.memory ${value} is below swarm's minimum of 4 MiB; give at least Size.mebibytes(4)`,
  reservationAboveLimit: (what: string, reservation: string, limit: string) =>
    `reservations.${what} ${reservation} is above limits.${what} ${limit}, so no task could ever be scheduled; reserve at most the limit`,
  unknownConstraintKey: (constraint: string, key: string, keys: readonly string[]) =>
    `placement constraint ${JSON.stringify(constraint)} names ${key}, which is no node attribute, so no node ever matches; use one of ${keys.join(', ')}`,
  badConstraintRole: (constraint: string, role: string) =>
    `placement constraint ${JSON.stringify(constraint)} compares node.role with ${JSON.stringify(role)}, but a node is a manager or a worker; write node.role == manager or node.role == worker`,
  badFilePath: (file: unknown) => `file ${JSON.stringify(file) ?? String(file)} is not an absolute path of a file in the container; write it like /run/secrets/db_password`,
  fileNotText: (file: string, value: unknown) => `ContainerFile.fromString(${JSON.stringify(file)}) was given ${typeof value}, not text; pass a string`,
  emptyFile: (file: string) =>
    `the file ${file} has empty text, which the provider refuses at apply ("one of 'content', 'content_base64', or 'source' must be set"); give it content, or drop the file`,
  fileNotVariable: (file: string) => `ContainerFile.fromVariable(${JSON.stringify(file)}) was not given a TerraformVariable; pass one, e.g. new TerraformVariable(this, 'db_password', { type: 'string', sensitive: true })`,
  notAContainerFile: (value: unknown) => `files holds ${typeof value}, not a ContainerFile; use ContainerFile.fromString(), fromVariable() or fromSecret()`,
  fileTwice: (file: string) => `two files are placed at ${file}; give each its own path`,
  fileUnderMount: (file: string, type: string, target: string) =>
    `the file ${file} is at or beneath the ${type} mount at ${target}: the provider would write it into the ${type === 'bind' ? 'host directory' : type}, not the container; place it elsewhere, or drop the mount`,
  fileOnReadOnlyRoot: (file: string) =>
    `the container has a read-only root file system, and Docker refuses to copy files into one ("container rootfs is marked read-only"), so ${file} cannot be placed; drop readOnlyRootFilesystem, or mount the file (Mount.bind) instead`,
  fileMountedTwice: (file: string) => `two secrets or configs are mounted at ${file}; give each its own fileName`,
  fileMode: (mode: number) => `file mode ${mode} is not a permission mode from 0 to 0o777; write it in octal like 0o440`,
  fileModeToken: (file: string) => `the mode of the file ${file} is a token, but the provider takes the mode as octal text written at synth; give a number like 0o440`,
  ofOtherSwarm: (what: string, itsSwarm: string, swarm: string) =>
    `${what} belongs to swarm ${itsSwarm}, not to this service's swarm ${swarm}; secrets and configs live in one swarm: create it in ${swarm}`,
  badVariableName: (name: string) =>
    `SecretValue.fromVariable(${JSON.stringify(name)}): Terraform variable names take letters, digits, _ and -, starting with a letter or _ (terraform init fails otherwise); write it like api_token`,
  emptyConfig: (name: string) => `config ${name} has empty text, which swarm refuses; give it content, or drop the config`,
  configTooLarge: (name: string, bytes: number, limit: number) =>
    `config ${name} is ${bytes} bytes, above swarm's limit of ${limit} bytes (500 KiB); split it, or mount a volume instead`,
  logOptsWithoutDriver: () => `logging options are set without a driver; set logging.driver too, e.g. 'json-file'`,
};
