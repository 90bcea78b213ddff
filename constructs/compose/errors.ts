/**
 * Every message of the Compose importer, in one place. The importer prefixes each with `file:line:column:
 * path:`, cdktf with the construct path. Each names the value and the fix.
 */
export const ComposeMessages = {
  notSupported: (field: string) => `${field} is not carried over: the library has nothing it maps to yet; remove it, or accept it with unmapped: 'warn'`,
  serviceFieldNotSupported: (field: string, swarm: boolean) =>
    `${field} is not carried over: the library's ${swarm ? 'SwarmService' : 'Container'} has no such setting yet; remove it, set it on the construct from code (project.service(...)), or accept it with unmapped: 'warn'`,
  valueNotSupported: (field: string, value: unknown) => `${field}: ${JSON.stringify(value)} is not carried over (only host is); remove it or accept it with unmapped: 'warn'`,
  versionObsolete: () => `version is obsolete in the Compose specification and ignored (Compose v2 says the same); remove it`,
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
  overlayWithoutSwarm: (key: string) => `network ${key} is an overlay but no swarm was given; pass swarm: to ComposeProject, or use driver: bridge`,
  bridgeAlwaysAttachable: () => `attachable: false cannot be said of a bridge network: containers can always join a local network; remove it`,
  overlayOption: (opt: string) => `driver option ${opt} of an overlay is not carried over (only encrypted is); remove it or accept it with unmapped: 'warn'`,
  ipamField: (field: string) => `ipam.${field} is not carried over: the library uses Docker's default IPAM driver; remove it`,
  ipamWithoutSubnet: () => `an ipam config block without subnet is not carried over; add subnet`,
  secondIpamBlock: (family: number) => `a second IPv${family} ipam block is not carried over: the library gives a network one subnet per family`,
  overlayIpv6: () => `IPv6 on an overlay is not carried over: the library's OverlayNetwork is IPv4 only`,
  overlayAux: () => `aux_addresses on an overlay are not carried over: the library's OverlayNetwork has none`,
  ipv6Field: (field: string) => `${field} of an IPv6 block is not carried over: the library takes subnet and gateway for IPv6`,
  ipv6WithoutSubnet: (key: string) =>
    `network ${key} enables IPv6 without an IPv6 subnet; add an ipam config entry with an IPv6 subnet (e.g. fd00:10::/64) so addresses are predictable`,
  ipv6Disabled: (key: string) => `network ${key} has an IPv6 subnet but enable_ipv6: false; drop one of them`,
  noImage: (key: string) => `service ${key} has no image; the importer does not build images (build:): give it an image`,
  needsOptOut: (svc: string, what: string, flag: string, cis: string) =>
    `${what} is forbidden by the library's secure defaults (${cis}); if service ${svc} really needs it, opt out explicitly with insecure: { ${JSON.stringify(svc)}: { ${flag}: true } } in the ComposeProject props`,
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
  badCommand: (why: string) => `command cannot be split into words as a shell would (${why}); write it as a list`,
  badRestart: (value: string) => `restart ${JSON.stringify(value)} is not one of no, always, on-failure[:max-retries], unless-stopped`,
  restartRetries: (value: string) => `the retry count of ${value} is not carried over: the library's RestartPolicy has no maximum yet; write on-failure`,
  swarmRestart: () => `restart is not carried over for swarm services (swarm restarts tasks itself; deploy.restart_policy is the swarm form)`,
  capAddAll: (svc: string) => `cap_add: [ALL] gives service ${svc} every capability; name the capabilities it needs, or opt out with insecure: { ${JSON.stringify(svc)}: { privileged: true } }`,
  capDropPartial: (caps: string[]) =>
    `cap_drop ${caps.join(', ')} is not carried over in compose-compatible mode: a container keeps Docker's default set or drops all; use cap_drop: [ALL] with cap_add, or the secure mode`,
  swarmDefaultCaps: () => `Docker's default capability set is not carried over for swarm services: SwarmService always drops all capabilities; list what it needs in cap_add`,
  securityOpt: (opt: string) => `security_opt ${JSON.stringify(opt)} is not carried over (only no-new-privileges is); remove it`,
  swarmLinks: () => `links are not carried over for swarm services; they reach each other by name on their overlays`,
  deployWithoutSwarm: () => `deploy is for swarm services; pass swarm: to ComposeProject to deploy them as a stack, or remove it`,
  deployField: (field: string) => `deploy.${field} is not carried over: the library's SwarmService has no such setting yet; remove it or accept it with unmapped: 'warn'`,
  swarmField: (field: string) => `${field} is not carried over for swarm services: the library's SwarmService has no such setting`,
  noteLoopback: (n: number) => `${n} published port${n > 1 ? 's' : ''} bound to 127.0.0.1 (Compose: 0.0.0.0, every interface; CIS 5.14)`,
  noteCapabilities: (add: string[]) =>
    `all Linux capabilities dropped${add.length ? `, ${add.join(', ')} added back` : ''} (Compose keeps Docker's default set; CIS 5.4)`,
  noteNoNewPrivileges: () => `no-new-privileges set (Compose does not; CIS 5.26)`,
  secureDefaults: (svc: string, notes: string[]) =>
    `service ${svc} runs with the library's secure defaults where Compose differs: ${notes.join('; ')}. Images that need root capabilities (e.g. a database dropping privileges) may fail: add them with cap_add, or use mode: 'compose-compatible' to behave as Compose does`,
  noProjectName: (file: string) =>
    `no project name: the file has no name: and ${JSON.stringify(file)} gives none (Compose uses the directory name); set name: in the file or projectName in the props`,
  badProjectName: (name: string) => `project name ${JSON.stringify(name)} is invalid: Compose requires lower-case letters, digits, _ and -, starting with a letter or digit`,
  noSource: () => `ComposeProject needs file or yaml; give one of them`,
  unknownNetwork: (name: string, known: string[]) => `the Compose project has no network ${JSON.stringify(name)}; its networks are ${known.join(', ') || '(none)'}`,
  unknownServiceLookup: (name: string, known: string[], problems: boolean) =>
    `the Compose project has no service ${JSON.stringify(name)}${problems ? ' (the file has errors, reported at synth)' : ''}; its services are ${known.join(', ') || '(none)'}`,
  notAContainer: (name: string) => `service ${name} is a swarm service; use swarmService(${JSON.stringify(name)})`,
  notASwarmService: (name: string) => `service ${name} is a container (no swarm was given); use service(${JSON.stringify(name)})`,
} as const;
