/**
 * The ids of the warnings the library emits, each with what it means. One table: the README's list, the
 * acknowledgement check (an unknown id is refused, with "did you mean") and the message catalogs read it.
 */
export const WARNING_IDS = {
  'privileged-host-port': 'a container port is published on a host port below 1024 (CIS Docker Benchmark 5.8)',
  'published-every-interface': 'a container port is published on every interface of the host (0.0.0.0, ::, ...; CIS 5.14)',
  'static-address-without-ip-range': 'a static address on a bridge network without ipRange, where a container started outside the stack may take it first',
  'swarm-published-port': 'a swarm service publishes a port, which swarm binds on every interface of the nodes (CIS 5.14)',
  'swarm-vip-mode': 'a swarm service uses endpoint mode VIP, which needs IPVS in the kernel of every node',
  'provider-mirror': "the provider version the stack asks for is in none of the Terraform CLI configuration's filesystem mirrors",
  'relative-cli-config': 'TF_CLI_CONFIG_FILE is a relative path, which Terraform, run inside cdktf.out/stacks/<stack>, does not find',
  'other-stack-same-engine': 'another stack of the app creates a network of the same name, or an overlapping subnet, on the same engine endpoint',
  'compose-variable-unset': 'a Compose file or its .env uses a variable that is not set (Compose substitutes an empty string)',
  'compose-version-obsolete': 'a Compose file has the obsolete top-level version field',
  'compose-secure-defaults': "a Compose service gets the library's secure defaults where Compose would not (mode: 'secure' acknowledges it)",
  'compose-volume-removed-on-destroy': 'a Compose volume with a driver, driver options or labels is a docker_volume of the stack, which destroy removes with its data (docker compose down keeps it)',
  'compose-client-only': 'a Compose field that only the Compose client reads (develop for compose watch, attach for the log view of up): ignored, as docker compose up ignores it for what it creates',
  'compose-not-carried-over': "a Compose field that is not carried over, accepted with unmapped: 'warn'",
  other: 'a warning without an id of its own (such as the line that counts the Compose warnings past the first 50)',
} as const;

/** The prefix of every warning id. */
export const WARNING_ID_PREFIX = 'docker-network-cdktf:';

/** A warning's short name, the key of {@link WARNING_IDS}. */
export type WarningName = keyof typeof WARNING_IDS;

const TAG = /\s\[ack: (docker-network-cdktf:[a-z0-9-]+)\]/;

/**
 * A warning message with its id, as it is printed: `message [ack: docker-network-cdktf:name]` (aws-cdk's form).
 * Message catalogs return warnings through this, so the id travels with the text through every layer that locates
 * or wraps it (a Compose file:line:column prefix) until the one warnings channel reads it back.
 */
export function warningText(name: WarningName, message: string): string {
  return `${message} [ack: ${WARNING_ID_PREFIX}${name}]`;
}

/** The id of a warning text made by {@link warningText}, or `docker-network-cdktf:other`. */
export function warningIdOf(text: string): string {
  return TAG.exec(text)?.[1] ?? `${WARNING_ID_PREFIX}other`;
}

/** True when `id` is one of the library's warning ids (`docker-network-cdktf:name`). */
export function isWarningId(id: string): boolean {
  return typeof id === 'string' && id.startsWith(WARNING_ID_PREFIX) && Object.prototype.hasOwnProperty.call(WARNING_IDS, id.slice(WARNING_ID_PREFIX.length));
}

/** Every warning id, full form. */
export function allWarningIds(): string[] {
  return Object.keys(WARNING_IDS).map((k) => `${WARNING_ID_PREFIX}${k}`);
}
