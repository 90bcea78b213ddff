import { NAME_RULES, NameKind, nameProblem } from './private/names';
import { ACCEPTED_SSH_OPTIONS } from './private/ssh-options';
import { warningText } from './private/warning-ids';

/**
 * Every message this library reports at synth time, in one place. cdktf prefixes each with the construct path
 * (`[stack/network] ...`); each message names the bad value and the fix. Keep wording stable: tests match it.
 */
export const Errors = {
  invalidCidr: (field: string, detail: string) => `${field}: ${detail}`,
  notText: (field: string, value: unknown, example: string) =>
    `${field} is ${describeValue(value)}, not text: write it as a string, e.g. ${example}`,
  uncheckable: (what: string, detail: string) =>
    `its ${what} could not be checked (${detail}): a prop has the wrong type; compare the props with the types in the README and the .d.ts files`,
  missingProps: (kind: string, example: string) => `${kind} was given no props: pass an object, e.g. ${example}`,
  notANetwork: (where: string, value: unknown) =>
    `${where} is ${describeValue(value)}, not a network: pass a BridgeNetwork, OverlayNetwork, BuiltinNetwork.bridge(host) or an imported network`,
  notInSubnet: (field: string, value: string, subnet: string, fix: string) =>
    `${field} ${value} is outside the subnet ${subnet}; ${fix}`,
  reservedAddress: (field: string, value: string, subnet: string) =>
    `${field} ${value} is the network or broadcast address of ${subnet}; use a host address such as the first one`,
  invalidIp: (field: string, value: string) =>
    `${field} ${JSON.stringify(value)} is not an IP address; write it like 10.20.0.5 or fd00::5`,
  familyMismatch: (field: string, value: string, expected: string) =>
    `${field} ${value} is not an ${expected} address; use an ${expected} address for this field`,
  ipRangeOutsideSubnet: (range: string, subnet: string) =>
    `ipRange ${range} is outside the subnet ${subnet}; choose a range inside it, e.g. ${subnet}`,
  invalidName: (kind: string, name: string) =>
    nameProblem((kind in NAME_RULES ? kind : 'container') as NameKind, name) ?? `${kind} name ${JSON.stringify(name)} is invalid; rename it`,
  predefinedNetwork: (name: string) =>
    `network name "${name}" is one of Docker's predefined networks (bridge, host, none), which cannot be created again ("operation is not permitted on predefined ${name} network"); use BuiltinNetwork.${name === 'bridge' ? 'bridge' : name}(host) to join it, or pick another name`,
  predefinedImport: (name: string) =>
    `network "${name}" is one of Docker's predefined networks, which have facts and rules of their own: use BuiltinNetwork.${name}(host) instead of importing it by name`,
  reservedLabel: (field: string, key: string, prefix: string) =>
    `${field} ${JSON.stringify(key)} is under the prefix ${prefix}, which the library keeps for its ownership labels (stack, deployment, path: what \`npm run orphans\` trusts before it deletes anything); rename it, e.g. ${JSON.stringify(`com.example/${key.slice(prefix.length) || 'label'}`)}`,
  reservedBridge: (name: string, owner: string) =>
    `bridge name "${name}" belongs to ${owner}; a network taking it over would change the host's own bridge (and every engine started later on the host): pick another name, e.g. br-${name.replace(/[^a-zA-Z0-9]/g, '').slice(0, 10) || 'app'}`,
  bridgeTaken: (name: string, host: string, otherPath: string) =>
    `bridge name "${name}" is also used by ${otherPath} on Docker host ${host}; Docker fails at apply with "networks have same bridge name": give each network its own bridge name`,
  duplicateName: (kind: string, name: string, host: string, otherPath: string) =>
    `${kind} name "${name}" is used twice on Docker host ${host} (also by ${otherPath}); give one of them another name`,
  subnetOverlap: (subnet: string, other: string, otherWhat: string) =>
    `subnet ${subnet} overlaps ${other} of ${otherWhat}; Docker fails at apply with "Pool overlaps with other one on this address space": pick a subnet that does not overlap (an AddressPlan does this for you)`,
  ipInsideRange: (ip: string, range: string, network: string, suggestion: string) =>
    `static IP ${ip} is inside the ipRange ${range} of network ${network}, which Docker hands out to containers without a static address, so it can be taken first ("Address already in use" at apply); use an address of the subnet outside ipRange, e.g. ${suggestion}`,
  ipIsGateway: (ip: string, network: string) =>
    `static IP ${ip} is the gateway of network ${network}; use another host address`,
  ipIsAux: (ip: string, network: string, auxName: string) =>
    `static IP ${ip} is the aux address ${auxName} of network ${network}, which Docker keeps out of use ("Address already in use" at apply); use another address or drop the aux address`,
  auxIsGateway: (name: string, ip: string) =>
    `auxAddresses.${name} ${ip} is the gateway of the network ("Address already in use" at apply); use another address`,
  subnetTooSmall: (field: string, subnet: string, max: number) =>
    `${field} ${subnet} leaves no room for a gateway and a container: Docker cannot allocate a gateway in a /31 or /32 (IPv6 /127, /128); use /${max} or a shorter prefix`,
  ipTakenTwice: (ip: string, network: string, otherPath: string) =>
    `static IP ${ip} on network ${network} is also given to ${otherPath}; give each container its own address`,
  staticIpWithoutSubnet: (ip: string, network: string) =>
    `static IP ${ip} needs a subnet declared on network ${network} (Docker only assigns user-chosen addresses from a configured subnet); set subnet on the network`,
  notOnNetworkKind: (what: string, network: string, fix: string) =>
    `${what} cannot be used on the ${network} network; ${fix}`,
  mixedNetworkMode: (mode: string) =>
    `a container on the ${mode} network cannot join other networks; attach it to ${mode} alone or drop ${mode}`,
  noNetwork: () =>
    `the container is attached to no network; attach it to a user-defined network, or say so explicitly with BuiltinNetwork.bridge(host) (docker0) or BuiltinNetwork.none(host)`,
  attachedTwice: (network: string) =>
    `the container is attached twice to network ${network}; attach it once and list all aliases there`,
  hostOfOtherStack: (hostPath: string, hostStack: string, stack: string) =>
    `host: ${hostPath} belongs to stack ${hostStack}, not to stack ${stack}; each stack configures its own provider: create a DockerHost in stack ${stack} (same endpoint) and pass that one`,
  foreignHost: (what: string, whatHost: string, host: string, whatHostPath?: string) =>
    `${what} lives on Docker host ${whatHost}, but this container runs on ${host}; containers can only join networks of their own host: create the container with host: ${whatHostPath ?? whatHost}, or use a network of host ${host} (an OverlayNetwork spans hosts)`,
  notSwarmNode: (network: string, nodes: string[], host: string) =>
    `overlay ${network} spans the nodes of its swarm (${nodes.join(', ')}), but this container runs on ${host}; create the container on one of those hosts, or add ${host} to the swarm's workers`,
  vipNeedsIpvs: (service: string) =>
    warningText('swarm-vip-mode', `service ${service} uses endpoint mode VIP, which needs IPVS in the host kernel (ip_vs): without it the name resolves but carries no traffic, and apply still succeeds; check \`lsmod | grep ip_vs\` on every node, or use EndpointMode.DNSRR`),
  swarmPool: (detail: string) =>
    `defaultAddressPool: ${detail}; set it to the --default-addr-pool the swarm was initialised with (\`docker info --format '{{.Swarm.Cluster.DefaultAddrPool}}'\` on the manager), 10.0.0.0/8 unless you changed it`,
  tierOfOtherNetwork: (tier: string, other: string, otherPath: string) =>
    `${tier}.allowFrom(${other}) names a tier of another TieredNetwork (${otherPath}); tiers only allow tiers of their own TieredNetwork: declare both in one, or attach the containers to a shared BridgeNetwork`,
  linkCycle: (names: string[]) =>
    `links ${names.join(' -> ')} form a cycle: each container reads the next one's address, so Terraform fails with "Error: Cycle"; attach them to one BridgeNetwork, where links become DNS aliases and need no address (or drop one link)`,
  privilegedHostPort: (hostPort: number, port: string) =>
    warningText('privileged-host-port', `port ${port} is published on host port ${hostPort}, below 1024 (CIS Docker Benchmark 5.8: privileged ports); publish it on a port of 1024 or above unless the host really must answer there`),
  publishedEverywhere: (port: string, ip: string) =>
    warningText('published-every-interface', `port ${port} is published on every interface of the host (${ip}), so anything that reaches the host reaches it (CIS Docker Benchmark 5.14); bind it to one interface with HostInterface.address(...) or loopback()`),
  servicePublishedEverywhere: (published: string, target: string, mode: 'ingress' | 'host') =>
    warningText('swarm-published-port', `service port ${target} is published on ${published} on every interface of ${mode === 'ingress' ? 'every node of the swarm (ingress: the routing mesh answers on all nodes)' : 'each node running a task (mode host)'}, so anything that reaches a node reaches it (CIS Docker Benchmark 5.14); swarm cannot bind a published port to one interface: publish only what must be reached from outside the swarm, behind a firewall, and reach the rest over an overlay network`),
  staticWithoutIpRange: (ip: string, network: string, subnet: string) =>
    warningText('static-address-without-ip-range', `static IP ${ip} on network ${network}, which has no ipRange: Docker hands out dynamic addresses from the whole subnet ${subnet}, so a container started outside this stack may take it first ("Address already in use"); the library creates this stack's static-address containers first, but to be safe set ipRange on the network to a part of the subnet without static addresses`),
  poolProblem: (detail: string) => detail,
  badStrictSetting: (value: string, on: readonly string[], off: readonly string[]) =>
    `the environment variable DNC_STRICT is ${JSON.stringify(value)}, which is neither on (${on.join(', ')}) nor off (${off.join(', ')} or unset); set it to one of those`,
  cidrHostBits: (text: string, suggestion: string) => `${text} has host bits set; did you mean ${suggestion}?`,
  cidrPrefix: (text: string) => `${text} has an invalid prefix length (IPv4 takes /0-/32, IPv6 /0-/128)`,
  notCidr: (text: string) => `${JSON.stringify(text)} is not a CIDR block; write it as address/prefix, e.g. 10.20.0.0/24`,
  reservationOutsidePool: (key: string, cidr: string, pool: string) => `reservation ${key}=${cidr} is outside the pool ${pool}; remove it or widen the pool`,
  reservationsOverlap: (a: string, b: string) => `reservations ${a} and ${b} overlap; give each key its own block`,
  prefixOutsidePool: (prefix: number, pool: string, min: number, max: number) =>
    `/${prefix} does not fit in the pool ${pool}; use a prefix length between /${min} and /${max}`,
  poolFull: (pool: string, prefix: number, key: string, capacity: string, allocated: number, reserved: number) =>
    `the pool ${pool} has no free /${prefix} left for ${key} (${capacity} fit in all, ${allocated} allocated, ${reserved} reserved); use a larger pool or a longer prefix`,
  providerNotInMirror: (constraint: string, file: string, mirrors: readonly { dir: string; absolute: boolean }[], held: readonly string[]) =>
    warningText(
      'provider-mirror',
      `kreuzwerker/docker ${JSON.stringify(constraint)} is not in the provider mirror that ${file} names (` +
        `${mirrors.map((d) => (d.absolute ? d.dir : `${d.dir} (relative: Terraform resolves it from cdktf.out/stacks/<stack>; give an absolute path)`)).join(', ')}), which holds ` +
        `${held.length > 0 ? held.join(', ') : 'no kreuzwerker/docker version'}: terraform init will fail with "no available releases match". ` +
        `Put that version into the mirror (README, "Offline, or behind mirrors")` +
        `${held.length > 0 ? `, or choose a version it holds: new DockerHost(this, 'host', { providerVersion: ProviderVersion.of('${held[held.length - 1]}') })` : ''}`,
    ),
  relativeCliConfig: (given: string, absolute: string) =>
    warningText(
      'relative-cli-config',
      `TF_CLI_CONFIG_FILE=${given} is a relative path: cdktf runs terraform inside cdktf.out/stacks/<stack>, where it is not ` +
        `found, so terraform init ignores it and asks the registry. Give an absolute path: TF_CLI_CONFIG_FILE=${absolute}`,
    ),
  tierTwice: (name: string) => `tier ${name} is declared twice; use one name per tier (the second addTier returned the first tier)`,
  ipamNeedsSubnet: (given: string, subnet: string) => `${given} need ${subnet}; set ${subnet} too`,
  otherStackSameEngine: (what: string, other: string, engine: string) =>
    warningText(
      'other-stack-same-engine',
      `${what} as ${other} in another stack on the same engine (${engine}): deploying both stacks there fails at apply or overlaps routes; rename or renumber one, or, when the stacks deploy to different engines, give their hosts different endpoints or acknowledge this warning on one stack`,
    ),
  hostsWithoutAlias: (paths: string[]) => `several Docker hosts in this stack have no alias (${paths.join(', ')}); give each host but one an alias`,
  lockFileBad: (where: string, why: string) =>
    `address plan lock file ${where} ${why}; fix the file (or restore it from version control) and synthesize again. It was left untouched`,
  lockFileUnwritable: (file: string, why: string) => `address plan lock file ${file} cannot be written (${why}); check the path and its permissions`,
  lockFileAt: (file: string, line: number, key?: string) => `address plan lock file ${file} line ${line}${key !== undefined ? ` (allocation ${key})` : ''}`,
  strictWarning: (warning: string) => `${warning} (a warning, an error in strict mode)`,
  unknownWarningId: (id: unknown, near: string | undefined) =>
    `Warnings.acknowledge: ${JSON.stringify(id)} is not a warning id of docker-network-cdktf; ${near ? `did you mean ${near}? ` : ''}copy the id a warning prints after "[ack: " (README, "What is checked", lists them)`,
  acknowledgementWithoutReason: (id: string) =>
    `Warnings.acknowledge(${JSON.stringify(id)}) has no reason; say why the warning is deliberate, for whoever reviews the stack`,
  lockOutOfDate: (file: string, keys: string[]) =>
    `address plan lock file ${file} does not record ${keys.join(', ')}; run \`cdktf synth\` without CI=true (or set updateLockFile: true) and commit the file`,
  lockPoolChanged: (where: string, recorded: string, pool: string) =>
    `${where} records pool ${recorded}, but the plan's pool is ${pool}; the recorded subnets came from the old pool: set pool back to ${recorded}, or delete the lock file to plan every subnet anew (which replaces the networks)`,
  lockEntry: (where: string, detail: string) => `${where}: ${detail}`,
  noHost: () =>
    `no DockerHost found in this stack; create one first: new DockerHost(stack, 'host')`,
  manyHosts: (paths: string[]) =>
    `this stack has several Docker hosts (${paths.join(', ')}); pass host: to say which one this construct belongs to`,
  bridgeNameTooLong: (name: string) =>
    `bridge name "${name}" is ${name.length} characters; Linux interface names take at most 15: shorten it`,
  mtu: (mtu: number) => `MTU ${mtu} is out of range; use an integer between 68 and 65535`,
  ipv6NeedsSubnet: () => `ipv6 is enabled without ipv6Subnet; set ipv6Subnet (e.g. fd00:20::/64) so addresses are predictable`,
  unknownRestart: (value: string) => `restart policy ${JSON.stringify(value)} is not one of no, on-failure, always, unless-stopped`,
  gatewayConflictsDocker0: (subnet: string) =>
    `subnet ${subnet} overlaps docker0 (172.17.0.0/16); pick a subnet outside it, e.g. from an AddressPlan on 10.20.0.0/16`,
  insecureEndpoint: (endpoint: string) =>
    `tcp endpoint ${endpoint} has no TLS; pass tls (certificate paths or sensitive variables), or use ssh://, or set insecure: true to accept an unauthenticated daemon`,
  badEndpoint: (endpoint: string) =>
    `Docker endpoint ${JSON.stringify(endpoint)} is not unix://, ssh:// or tcp://; write e.g. unix:///var/run/docker.sock, ssh://user@host or tcp://host:2376`,
  endpointCredentials: (redacted: string) =>
    `Docker endpoint ${JSON.stringify(redacted)} was given with a password or token in the URL (left out here), which would land in cdk.tf.json, the plan and the topology report; for ssh:// let the SSH agent or ~/.ssh/config supply a key (HostEndpoint.ssh('ssh://user@host')), for tcp:// authenticate with TLS client certificates (HostEndpoint.tcp(url, { tls: TlsMaterial.fromPath(dir) }) or TlsMaterial.fromVariables())`,
  sshOption: (option: string, reason: string) =>
    `ssh option ${JSON.stringify(option)} ${reason}; an ssh:// endpoint's options may only choose how to connect (${ACCEPTED_SSH_OPTIONS}), since ssh runs programs for others (ProxyCommand, LocalCommand, KnownHostsCommand, Match exec) and -F or Include read more configuration: drop it, or put the setting in ~/.ssh/config of the machine that deploys (Terraform and the docker CLI both read it)`,
  sshOptionExpression: (option: string) =>
    `ssh option ${JSON.stringify(option)} is a Terraform expression, whose value cannot be checked before ssh reads it; write ssh options as literal text (accepted: ${ACCEPTED_SSH_OPTIONS})`,
  secretLiteral: (field: string) =>
    `${field} looks like PEM key material written into the stack; it would land in cdk.tf.json as plain text: pass TlsMaterial.fromPath(dir) (a directory with ca.pem, cert.pem, key.pem) or TlsMaterial.fromVariables() instead`,
  variableClash: (name: string, paths: string[]) =>
    `the Terraform variable ${name} is declared ${paths.length} times (${paths.join(', ')}), and only one would remain in cdk.tf.json; the library generates variables with these names (TLS material, registry credentials, SecretValue.fromVariable): rename your own variable`,
  notACertificate: (field: string) =>
    `${field} is literal text but not a PEM certificate (no -----BEGIN CERTIFICATE----- line); paste the whole certificate, or pass a token`,
  insecureNeeded: (what: string, flag: string, why: string) =>
    `the container joins ${what}, which the secure defaults forbid (${why}); use a user-defined network, or opt out explicitly with insecure: { ${flag}: true }`,
  linkImpossible: (target: string, alias: string, reason: string) =>
    `link to ${target} as ${alias} is impossible: ${reason}; attach both containers to one BridgeNetwork (or both to docker0 with insecure: { defaultBridge: true })`,
  badPort: (port: { toString(): string }) => `port ${port} is out of range; use an integer between 1 and 65535`,
  portOnSpecialNetwork: (port: string, mode: string) =>
    `port ${port} is published but the container is on the ${mode} network, where Docker ignores published ports; drop the port${mode === 'host' ? ' (the program listens on the host directly)' : ''} or use a BridgeNetwork`,
  portClash: (hostIp: string, hostPort: number, protocol: string, host: string, otherPath: string) =>
    `host port ${hostIp}:${hostPort}/${protocol} on Docker host ${host} is also claimed by ${otherPath}; Docker would fail at start with "port is already allocated": pick another host port`,
  nodePortRange: (port: number) =>
    `node port ${port} is outside 30000-32767; pick a port in that range, or leave hostPort out to have one allocated`,
  nodePortsExhausted: (port: string) => `no free node port left in 30000-32767 for ${port}; publish fewer ports or pin some with Exposure.published()`,
  overlayInSwarmPool: (subnet: string, pool: string) =>
    `overlay subnet ${subnet} lies in the swarm's default address pool ${pool}, where Docker allocates automatic overlays (ingress takes the first /24); pick a subnet outside it (e.g. 172.16.0.0/16 is in no Docker default pool), or set allowSwarmDefaultPool: true`,
  notAttachable: (network: string) =>
    `network ${network} is an overlay that is not attachable; standalone containers can only join attachable overlays: set attachable: true on it`,
  serviceNetwork: (network: string, why: string) => `service network ${network} ${why}; give services overlays of their swarm`,
  dnsrrIngress: (port: number) =>
    `port ${port} is published in ingress mode, which Docker rejects with endpoint mode dnsrr ("port published with ingress mode can't be used with dnsrr mode"); publish it in host mode or use vip`,
  hostModeReplicas: (port: number, replicas: number, nodes: number) =>
    `port ${port} is published in host mode by ${replicas} replicas, but the swarm has ${nodes} node(s): each replica binds the port on its own node, so the rest would never start; use at most ${nodes} replicas, ingress mode, or more nodes`,
  vni: (vni: number) => `vxlanId ${vni} is out of range; use an integer between 1 and 16777215`,
  vniTaken: (vni: number, otherPath: string) => `vxlanId ${vni} is also used by ${otherPath} in this swarm; set vxlanId on one of them`,
  providerVersion: (constraint: string) =>
    `kreuzwerker/docker version ${JSON.stringify(constraint)} does not name major version 3 or 4 with an upper bound; use ProviderVersion.V3_6_2 or ProviderVersion.v4('~> 4.6') (or an exact 4.x version)`,
  serviceTmpfsOptionsOn3: (target: string, version: string) =>
    `the tmpfs mount at ${target} has a size or mode, which crashes kreuzwerker/docker ${version} when it creates the service (panic "interface {} is int, not int64"; fixed in 4.x): drop size and mode from Mount.tmpfs(), or give the swarm's manager host providerVersion: ProviderVersion.v4('~> 4.6')`,
  providerVersionConflict: (versions: string) =>
    `the Docker hosts of this stack ask for different kreuzwerker/docker versions (${versions}); a stack has one provider version: give every host the same providerVersion`,
} as const;

/** A value as a message shows it: its type and, for primitives, the value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
