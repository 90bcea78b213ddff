import { Token } from 'cdktf';

/** The messages of the name checks (cdktf prefixes the construct path). */
export const NameMessages = {
  invalid: (kind: NameKind, name: unknown, rule: string) => `${kind} name ${JSON.stringify(name)} is invalid: ${rule}; rename it`,
};

/** The kinds of names the library checks, each with Docker's own rule for it. */
export type NameKind = 'container' | 'network' | 'alias' | 'link alias' | 'service' | 'bridge' | 'volume' | 'hostname' | 'secret' | 'config' | 'terraform variable';

interface NameRule {
  readonly test: (name: string) => boolean;
  /** The rule, as the message states it. */
  readonly rule: string;
}

const CONTAINER = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const DNS_NAME = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]{0,253})$/;
/** A host name (RFC 1123): dot-separated labels of letters, digits and inner dashes, each at most 63. */
const HOST_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** A Terraform variable name (an HCL identifier as Terraform takes it for `var.x`). */
const TERRAFORM_VARIABLE = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

/**
 * One table of Docker's naming rules. Sources: moby `daemon/names` (containers and volumes:
 * `[a-zA-Z0-9][a-zA-Z0-9_.-]+`), the engine's network create (any non-empty name; Docker 20.10 accepts one
 * letter and non-ASCII), swarmkit's service name check (a DNS label: letters, digits and inner dashes, at most
 * 63), swarm's secret and config names (moby `api/server/router/swarm` validation, at most 64), Linux interface names (at most 15 bytes, no slash or whitespace) and DNS names for aliases.
 */
export const NAME_RULES: Record<NameKind, NameRule> = {
  container: { test: (n) => CONTAINER.test(n), rule: 'Docker takes container names of the form [a-zA-Z0-9][a-zA-Z0-9_.-]+ (two characters at least)' },
  volume: { test: (n) => CONTAINER.test(n), rule: 'Docker takes volume names of the form [a-zA-Z0-9][a-zA-Z0-9_.-]+ (two characters at least)' },
  network: {
    test: (n) => n.length > 0 && n.length <= 255 && !/[\s\u0000-\u001f\u007f/\\:]/.test(n),
    rule: 'Docker takes any non-empty network name without whitespace, control characters, slashes or colons',
  },
  alias: { test: (n) => DNS_NAME.test(n), rule: 'an alias is a DNS name: letters, digits, _ . - (starting with a letter, digit or _), at most 254 characters' },
  'link alias': { test: (n) => DNS_NAME.test(n), rule: 'a link alias is a DNS name: letters, digits, _ . - (starting with a letter, digit or _), at most 254 characters' },
  hostname: { test: (n) => n.length <= 253 && HOST_NAME.test(n), rule: 'a host name is dot-separated labels of letters, digits and inner dashes, each at most 63 characters' },
  'terraform variable': { test: (n) => TERRAFORM_VARIABLE.test(n), rule: 'Terraform takes variable names of letters, digits, _ and -, starting with a letter or _' },
  service: {
    test: (n) => n.length <= 63 && /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$/.test(n),
    rule: 'swarm takes service names that are DNS labels: letters and digits, dashes or underscores only between them, at most 63 characters',
  },
  secret: {
    test: (n) => n.length <= 64 && /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(n),
    rule: 'swarm takes secret names of letters, digits and -_. inside, starting and ending with a letter or digit, at most 64 characters',
  },
  config: {
    test: (n) => n.length <= 64 && /^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$/.test(n),
    rule: 'swarm takes config names of letters, digits and -_. inside, starting and ending with a letter or digit, at most 64 characters',
  },
  bridge: {
    test: (n) => n.length > 0 && Buffer.byteLength(n) <= 15 && n !== '.' && n !== '..' && !/[\s/:]/.test(n),
    rule: 'Linux takes interface names of 1 to 15 bytes without whitespace, slashes or colons',
  },
};

/** The names of the networks every engine has; Docker refuses to create or remove networks with these names. */
export const PREDEFINED_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];

/** Linux bridges Docker or the host own on every engine: a network must not take them over. */
export const RESERVED_BRIDGES: readonly string[] = ['docker0', 'docker_gwbridge', 'lo', ...PREDEFINED_NETWORKS];

/** True when `name` follows the rule for `kind`; tokens pass. */
export function isValidName(kind: NameKind, name: unknown): boolean {
  return Token.isUnresolved(name) || (typeof name === 'string' && NAME_RULES[kind].test(name));
}

/** A problem with `name` under the rule for `kind`, or undefined; tokens pass. The one name check of the library. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  if (isValidName(kind, name)) return undefined;
  return NameMessages.invalid(kind, name, NAME_RULES[kind].rule);
}

/**
 * A construct id for a name read from input (a Compose key). constructs 10 keeps a scope's children in a plain
 * object and checks `id in children`, so an id named like a property of `Object.prototype` (`constructor`,
 * `toString`, `valueOf`...) is refused as "already a Construct with name". Such a name gets a `~`, which Compose
 * names cannot hold, so it cannot meet another key.
 */
export function childId(name: string): string {
  return name in Object.prototype ? `${name}~` : name;
}
