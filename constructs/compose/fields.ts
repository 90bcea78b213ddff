/**
 * Every field of the Compose specification and what the importer does with it: the one source of the README's
 * "Compose fields" table (`npm run docs:update` writes it; test/compose/fields.test.ts fails when README and this
 * list differ). The test also proves each row: it loads the row's corpus file (test/compose/corpus/) and checks
 * that the mapping reports the row's path as the status says (mapped: no refusal or warning there; refused: an
 * error or a "not carried over" there; warned: a warning there), that every field of the schema
 * (top level, service, network, volume, secret, config, deploy, build, healthcheck, long port syntax) has exactly
 * one row, and that every named test exists. So the table cannot drift from the code.
 *
 * One line per field. To change a status: edit the line, put the field into a corpus file (or name the test that
 * proves it as `test/<file>.test.ts: <test name>`), run `npm run docs:update`.
 */

/** What happens to a field: carried over, refused (fails synth; `unmapped: 'warn'` accepts most as warnings), or carried over with a warning. */
export type FieldStatus = 'mapped' | 'refused' | 'warned';

/** One row of the table. */
export interface ComposeField {
  /** The field's path: `services.*.ports[].host_ip`, `networks.*.ipam`, `version`. */
  readonly path: string;
  readonly status: FieldStatus;
  /** What it becomes, or why it is refused or warned. */
  readonly note: string;
  /** The proof: a corpus file `test/compose/corpus/<name>.yml`, or `test/<file>.test.ts: <test name>`. */
  readonly proof: string;
}

const row = (path: string, status: FieldStatus, proof: string, note: string): ComposeField => ({ path, status, note, proof });

/** Why most refusals happen, said once. */
const NOT_YET = 'not mapped yet: the library has no such setting';
const NO_SWARM = 'without `swarm:` refused: it means something only to a swarm';
const RUNTIME = 'map-service-runtime';

/** Why a field of a top-level secret or config is refused without a swarm. */
const SECRET_WHY = 'means something only to a swarm (the file is mounted as it is)';
const UPLOADED = 'map-service-secrets';

export const COMPOSE_FIELDS: readonly ComposeField[] = [
  // top level
  row('version', 'warned', 'map-top-level', 'obsolete in the specification, ignored (as Compose v2 does)'),
  row('name', 'mapped', 'map-top-level', 'the project name: `<project>_<network>`, `<project>-<service>-1`'),
  row('include', 'mapped', 'map-service-load', 'the included project is read (its own directory and `.env`) and its services, networks and volumes merged in; the files stay inside the project directory'),
  row('services', 'mapped', 'map-top-level', '`Container`s (`SwarmService`s with `swarm:`)'),
  row('models', 'refused', 'map-top-level-refused', 'AI models: nothing in the library to run them'),
  row('networks', 'mapped', 'map-top-level', '`BridgeNetwork`s (`OverlayNetwork`s with `swarm:`)'),
  row('volumes', 'mapped', 'map-top-level', '`Volume`s `<project>_<volume>`, retained on destroy'),
  row('secrets', 'mapped', RUNTIME, 'at `/run/secrets/<name>` (no swarm): `file:` mounted read-only, `environment:` written as a file (`ContainerFile`)'),
  row('configs', 'mapped', RUNTIME, 'at `/<name>` (no swarm): `file:` mounted read-only, `content:` and `environment:` written as a file (`ContainerFile`)'),
  // services
  row('services.*.annotations', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.attach', 'warned', 'map-service-process', 'ignored with a warning: only the log view of `docker compose up` reads it'),
  row('services.*.blkio_config', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.build', 'mapped', RUNTIME, '`host.buildImage()` tagged `<project>-<service>` (or `image:`); context inside the file\'s directory; not with `swarm:`'),
  row('services.*.cap_add', 'mapped', 'map-service', 'capabilities added back (all dropped first by default)'),
  row('services.*.cap_drop', 'mapped', 'map-service', '`ALL`; other values need `mode: compose-compatible`'),
  row('services.*.cgroup', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.cgroup_parent', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.command', 'mapped', 'map-service', '`command`, a list or split as a shell would'),
  row('services.*.configs', 'mapped', RUNTIME, 'at `/<name>` or `target`: a read-only bind of the config\'s file, or a file with mode 0444 (`content:`, `environment:`); `uid`/`gid`/`mode` refused'),
  row('services.*.container_name', 'mapped', 'map-service', 'the container name'),
  row('services.*.cpu_count', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_percent', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_period', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_quota', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_rt_period', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_rt_runtime', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpu_shares', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.cpus', 'mapped', 'map-service-process', '`cpus` (with `deploy.resources.limits.cpus`: the same value, or refused, as Compose refuses it)'),
  row('services.*.cpuset', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.credential_spec', 'refused', 'map-service-refused', 'Windows only'),
  row('services.*.depends_on', 'mapped', 'map-service', '`dependsOn`, `service_started`, `service_healthy`, and `service_completed_successfully` (the job `runToCompletion`: the apply waits until it exited 0)'),
  row('services.*.deploy', 'mapped', RUNTIME, 'without `swarm:` as `docker compose up`: `replicas` (`<project>-<service>-1..N`), `resources.limits` `cpus`/`memory`, `restart_policy`; the rest with `swarm:`'),
  row('services.*.develop', 'warned', 'map-service-process', 'ignored with a warning: only `docker compose watch` / `up --watch` reads it (nothing to deploy)'),
  row('services.*.device_cgroup_rules', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.devices', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.dns', 'mapped', 'map-service', '`dns`'),
  row('services.*.dns_opt', 'mapped', 'map-service', '`dnsOptions`'),
  row('services.*.dns_search', 'mapped', 'map-service', '`dnsSearch`'),
  row('services.*.domainname', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.entrypoint', 'mapped', 'map-service', '`entrypoint`'),
  row('services.*.env_file', 'mapped', 'map-service-load', 'read with the `.env` rules into `environment` (which wins); the files stay inside the project directory'),
  row('services.*.environment', 'mapped', 'map-service', '`env` (a list or a map; variables become Terraform variables in `compose import`)'),
  row('services.*.expose', 'mapped', 'map-service', 'ports the links and `linkTo` announce'),
  row('services.*.extends', 'mapped', 'map-service-load', 'the base service (this file, or `file:` inside the project) merged under the service, as Compose merges'),
  row('services.*.external_links', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.extra_hosts', 'mapped', 'map-service', '`extraHosts`'),
  row('services.*.gpus', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.group_add', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.healthcheck', 'mapped', 'map-service', '`healthCheck`'),
  row('services.*.hostname', 'mapped', 'map-service', '`hostname`'),
  row('services.*.image', 'mapped', 'map-service', '`host.image(...)`'),
  row('services.*.init', 'mapped', RUNTIME, '`init` (not with `swarm:`)'),
  row('services.*.ipc', 'mapped', 'map-service-insecure', '`host` with the `hostIpc` opt-out; other values refused'),
  row('services.*.isolation', 'refused', 'map-service-refused', 'Windows only'),
  row('services.*.label_file', 'refused', 'map-service-refused', 'not mapped yet: the files are not read'),
  row('services.*.labels', 'mapped', 'map-service', '`labels`'),
  row('services.*.links', 'mapped', 'map-service', '`linkTo` (aliases on a shared network; hosts entries and variables on docker0)'),
  row('services.*.logging', 'mapped', 'map-service-process', '`logging` (driver and options; options without a driver refused: the engine\'s default driver is not known at synth)'),
  row('services.*.mac_address', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.mem_limit', 'mapped', 'map-service-process', '`memory` (with `deploy.resources.limits.memory`: the same value, or refused, as Compose refuses it)'),
  row('services.*.mem_reservation', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.mem_swappiness', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.memswap_limit', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.models', 'refused', 'map-service-refused', 'AI models: nothing in the library to run them'),
  row('services.*.network_mode', 'mapped', 'map-service-insecure', '`host`, `none`, `bridge` (opt-outs for host and docker0); `service:` and `container:` refused'),
  row('services.*.networks', 'mapped', 'map-service', 'attachments with `aliases`, `ipv4_address`, `ipv6_address`'),
  row('services.*.oom_kill_disable', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.oom_score_adj', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.pid', 'mapped', 'map-service-insecure', '`host` with the `hostPid` opt-out; other values refused'),
  row('services.*.pids_limit', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.platform', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.ports', 'mapped', 'map-service', '`expose(port, Exposure.published(...))`, short and long syntax, ranges'),
  row('services.*.post_start', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.pre_stop', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.privileged', 'mapped', 'map-service-insecure', 'with the `privileged` opt-out only (CIS 5.5)'),
  row('services.*.profiles', 'mapped', 'map-service-profiles', 'a service is left out unless one of its profiles is chosen (`profiles`, `--profile`, else `COMPOSE_PROFILES`)'),
  row('services.*.provider', 'refused', 'map-service-provider', 'services run by a Compose provider plugin: nothing to deploy'),
  row('services.*.pull_policy', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.pull_refresh_after', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.read_only', 'mapped', 'map-service-process', '`readOnlyRootFilesystem`'),
  row('services.*.restart', 'mapped', 'map-service', '`restart` (`RestartPolicy`), `on-failure:N`'),
  row('services.*.runtime', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.scale', 'mapped', 'map-service-process', 'replicas `<project>-<service>-1..N`, as `deploy.replicas` (both: the same value, or refused)'),
  row('services.*.secrets', 'mapped', RUNTIME, 'at `/run/secrets/<name>` or `target`: a read-only bind of the secret\'s file, or a file with mode 0444 (`environment:`); `uid`/`gid`/`mode` refused'),
  row('services.*.security_opt', 'mapped', 'map-service', '`no-new-privileges` only; the others refused (they loosen confinement)'),
  row('services.*.shm_size', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.stdin_open', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.stop_grace_period', 'mapped', RUNTIME, '`stopGracePeriod` (whole seconds)'),
  row('services.*.stop_signal', 'mapped', RUNTIME, '`stopSignal` (not with `swarm:`)'),
  row('services.*.storage_opt', 'refused', 'map-service-limits', NOT_YET),
  row('services.*.sysctls', 'mapped', RUNTIME, '`sysctls` (`net.*` and IPC ones; not with `swarm:`)'),
  row('services.*.tmpfs', 'mapped', 'map-service', '`Mount.tmpfs` with `size=` and `mode=`'),
  row('services.*.tty', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.ulimits', 'mapped', 'map-service-process', '`ulimits` (`nofile: 1024` is soft and hard)'),
  row('services.*.use_api_socket', 'refused', 'map-service-refused', 'mounts the engine socket (CIS 5.32)'),
  row('services.*.user', 'mapped', 'map-service', '`user`'),
  row('services.*.userns_mode', 'mapped', 'map-service-insecure', '`host` with the `hostUserns` opt-out; other values refused'),
  row('services.*.uts', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.volumes', 'mapped', 'map-service', '`Mount.volume`/`bind`/`tmpfs`; an anonymous volume is a `Volume` per container, removed with the stack (`down -v`)'),
  row('services.*.volumes_from', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.working_dir', 'mapped', 'map-service', '`workingDir`'),
  // services: long port syntax
  row('services.*.ports[].target', 'mapped', 'map-service', 'the container port'),
  row('services.*.ports[].published', 'mapped', 'map-service', 'the host port (a range for a range)'),
  row('services.*.ports[].host_ip', 'mapped', 'map-service', 'the host interface (default 127.0.0.1 in secure mode)'),
  row('services.*.ports[].protocol', 'mapped', 'map-service', '`tcp`, `udp`'),
  row('services.*.ports[].mode', 'mapped', 'map-swarm', '`ingress`, `host` with `swarm:`; `host` without a swarm refused'),
  row('services.*.ports[].name', 'refused', 'map-service-refused', 'a label for tools: nothing to deploy'),
  row('services.*.ports[].app_protocol', 'refused', 'map-service-refused', 'a label for tools: nothing to deploy'),
  // services: healthcheck
  row('services.*.healthcheck.test', 'mapped', 'map-service', '`HealthCheck.command` / `shell`'),
  row('services.*.healthcheck.interval', 'mapped', 'map-service', '`interval`'),
  row('services.*.healthcheck.timeout', 'mapped', 'map-service', '`timeout`'),
  row('services.*.healthcheck.retries', 'mapped', 'map-service', '`retries`'),
  row('services.*.healthcheck.start_period', 'mapped', 'map-service', '`startPeriod`'),
  row('services.*.healthcheck.start_interval', 'refused', 'map-service-refused', NOT_YET),
  row('services.*.healthcheck.disable', 'mapped', 'map-service-healthcheck-disable', '`HealthCheck.none()`'),
  // services: build
  ...['context', 'dockerfile', 'args', 'labels', 'target'].map((k) => row(`services.*.build.${k}`, 'mapped', RUNTIME, `\`host.buildImage()\` ${k === 'args' ? 'buildArgs (bare names from the environment)' : k}`)),
  ...['dockerfile_inline', 'entitlements', 'ssh', 'cache_from', 'cache_to', 'no_cache', 'additional_contexts', 'network', 'pull', 'shm_size', 'extra_hosts', 'isolation', 'privileged', 'secrets', 'tags', 'ulimits', 'platforms'].map(
    (k) => row(`services.*.build.${k}`, 'refused', 'map-service-build', 'not mapped yet (`host.buildImage()` takes context, dockerfile, args, target, labels)'),
  ),
  // services: deploy
  row('services.*.deploy.mode', 'mapped', 'map-swarm', '`replicated`, `global` (`ServiceMode.global()`) with `swarm:`; ' + NO_SWARM),
  row('services.*.deploy.endpoint_mode', 'mapped', 'map-swarm', '`EndpointMode` with `swarm:`; ' + NO_SWARM),
  row('services.*.deploy.replicas', 'mapped', 'map-swarm', '`replicas` with `swarm:`; without, N containers `<project>-<service>-1..N`'),
  row('services.*.deploy.labels', 'mapped', 'map-swarm', 'service labels with `swarm:`; ' + NO_SWARM),
  row('services.*.deploy.rollback_config', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.update_config', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.resources', 'mapped', 'map-swarm', '`limits`/`reservations` `cpus` and `memory` with `swarm:`; without, `limits` `cpus` and `memory` (reservations refused: no such container attribute)'),
  row('services.*.deploy.resources.limits.pids', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.resources.reservations.devices', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.resources.reservations.generic_resources', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.restart_policy', 'mapped', 'map-swarm', '`restartPolicy` with `swarm:`; without, `condition` and `max_attempts` as the container\'s restart (delay, window refused)'),
  row('services.*.deploy.placement', 'mapped', 'map-swarm', '`constraints` with `swarm:`; ' + NO_SWARM),
  row('services.*.deploy.placement.preferences', 'refused', 'map-swarm-refused', NOT_YET),
  row('services.*.deploy.placement.max_replicas_per_node', 'refused', 'map-swarm-refused', NOT_YET),
  // networks
  row('networks.*.name', 'mapped', 'map-network', 'the network name (default `<project>_<network>`)'),
  row('networks.*.driver', 'mapped', 'map-network', '`bridge`, `overlay`; others (`macvlan`...) refused'),
  row('networks.*.driver_opts', 'mapped', 'map-network', 'bridge options (`com.docker.network.bridge.name`...)'),
  row('networks.*.ipam', 'mapped', 'map-network', '`config` `subnet`, `ip_range`, `gateway`, `aux_addresses`; `driver`, `options` refused'),
  row('networks.*.external', 'mapped', 'map-network', '`BridgeNetwork.fromName`'),
  row('networks.*.internal', 'mapped', 'map-network', '`internal`'),
  row('networks.*.enable_ipv4', 'refused', 'map-network-refused', NOT_YET),
  row('networks.*.enable_ipv6', 'mapped', 'map-network', 'with an IPv6 `ipam` block'),
  row('networks.*.attachable', 'mapped', 'map-network', 'overlays; bridges always are'),
  row('networks.*.labels', 'mapped', 'map-network', '`labels`'),
  // volumes
  row('volumes.*.name', 'mapped', 'map-volume', 'the volume name (default `<project>_<volume>`)'),
  row('volumes.*.driver', 'warned', 'map-volume-destroyed', 'removed on destroy (a warning says how to keep it: `external: true`)'),
  row('volumes.*.driver_opts', 'warned', 'map-volume-destroyed', 'removed on destroy (a warning says how to keep it: `external: true`)'),
  row('volumes.*.external', 'mapped', 'map-volume', '`Volume.fromName`'),
  row('volumes.*.labels', 'warned', 'map-volume-destroyed', 'removed on destroy (a warning says how to keep it: `external: true`)'),
  // secrets and configs
  ...(['secrets', 'configs'] as const).map((k) => row(`${k}.*.file`, 'mapped', RUNTIME, 'the file bind-mounted, resolved inside the Compose file\'s directory')),
  ...(['secrets', 'configs'] as const).map((k) =>
    row(`${k}.*.environment`, 'mapped', UPLOADED, 'a sensitive Terraform variable of that name, given at deploy as `TF_VAR_<name>` (its value is never in cdk.tf.json), written into the container as a file (mode 0444)'),
  ),
  row('configs.*.content', 'mapped', UPLOADED, 'the text (interpolated, `${` kept literal) written into the container as a file (mode 0444); empty content refused (the provider cannot write it)'),
  ...['name', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'].map((k) => row(`secrets.*.${k}`, 'refused', 'map-top-level-refused', SECRET_WHY)),
  ...['name', 'external', 'labels', 'template_driver'].map((k) => row(`configs.*.${k}`, 'refused', 'map-top-level-refused', SECRET_WHY)),
];

/** The README section: one table per area, one row per field. */
export function renderFieldTable(fields: readonly ComposeField[] = COMPOSE_FIELDS): string {
  const areas: [string, (p: string) => boolean][] = [
    ['Top level', (p) => !p.includes('.')],
    ['Services', (p) => p.startsWith('services.')],
    ['Networks', (p) => p.startsWith('networks.')],
    ['Volumes', (p) => p.startsWith('volumes.')],
    ['Secrets and configs', (p) => p.startsWith('secrets.') || p.startsWith('configs.')],
  ];
  const cell = (t: string) => t.replace(/\|/g, '\\|');
  const proof = (p: string) => (p.startsWith('test/') ? `\`${cell(p)}\`` : `[${p}](test/compose/corpus/${p}.yml)`);
  const out: string[] = [];
  for (const [title, inArea] of areas) {
    out.push(`**${title}**`, '', '| field | status | what it becomes, or why | proved by |', '|---|---|---|---|');
    for (const f of fields.filter((x) => inArea(x.path))) out.push(`| \`${cell(f.path)}\` | ${f.status} | ${cell(f.note)} | ${proof(f.proof)} |`);
    out.push('');
  }
  const count = (s: FieldStatus) => fields.filter((f) => f.status === s).length;
  out.push(`${fields.length} fields: ${count('mapped')} mapped, ${count('warned')} warned, ${count('refused')} refused.`);
  return out.join('\n');
}
