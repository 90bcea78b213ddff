/**
 * Link planning, pure over attachments: how `--link` is carried out once both ends' networks are known. No
 * construct in sight; the container feeds it the networks of both ends (test/link-plan.test.ts).
 *
 * - on a user-defined network both share, Docker's DNS resolves the alias, added to the target's attachment there;
 * - on docker0 (no DNS), the linking container gets a hosts entry for the alias, pointing at the target's address;
 * - host and none have no network namespace of their own: nothing can be linked there;
 * - containers that share no network cannot be linked.
 */

/** What link planning reads of a network. */
export interface LinkNetwork {
  readonly kind: string;
  readonly networkName: string;
  readonly dns: boolean;
}

/** How a link is carried out. */
export type LinkPlan<N extends LinkNetwork = LinkNetwork> =
  | { readonly kind: 'dns'; readonly network: N }
  | { readonly kind: 'hosts'; readonly network: N }
  | { readonly kind: 'none'; readonly reason: string };

/** host and none: the container has no network namespace of its own there, so no address, alias or port. */
export function sharesNamespace(n: { readonly kind: string }): boolean {
  return n.kind === 'host' || n.kind === 'none';
}

/** The plan of a link from a container on `from` to one on `to` (each in the order attached). */
export function planLink<N extends LinkNetwork>(from: readonly N[], to: readonly N[]): LinkPlan<N> {
  const special = [...from, ...to].find(sharesNamespace);
  if (special) return { kind: 'none', reason: `a container on the ${special.networkName} network cannot be linked` };
  const shared = to.filter((n) => from.includes(n));
  const dns = shared.find((n) => n.dns);
  if (dns) return { kind: 'dns', network: dns };
  const docker0 = shared.find((n) => n.kind === 'default-bridge');
  if (docker0) return { kind: 'hosts', network: docker0 };
  return { kind: 'none', reason: 'they share no network' };
}

/** The aliases that incoming links add to a target, by network: each DNS-planned link's alias on its network. */
export function incomingAliases<N extends LinkNetwork>(incoming: readonly { readonly alias: string; readonly plan: LinkPlan<N> }[]): Map<N, string[]> {
  const out = new Map<N, string[]>();
  for (const { alias, plan } of incoming) {
    if (plan.kind !== 'dns') continue;
    const list = out.get(plan.network);
    if (list) list.push(alias);
    else out.set(plan.network, [alias]);
  }
  return out;
}

/**
 * True when the linking container reads the target's address from its `network_data` (so Terraform creates the
 * target first): a hosts entry on docker0, or link variables when the target has no static IPv4 address there.
 */
export function readsTargetAddress(plan: LinkPlan, environment: boolean, targetStaticIpv4: string | undefined): boolean {
  if (plan.kind === 'none') return false;
  return plan.kind === 'hosts' || (environment && targetStaticIpv4 === undefined);
}
