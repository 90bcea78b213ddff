import { TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { Errors } from '../errors';
import { reportWarnings } from '../warnings';
import type { HostRegistry } from './host-registry';

/** A Docker host as this check reads it (a DockerHost; structural, so that this module imports no construct). */
export interface EngineHost extends IConstruct {
  readonly endpoint: { readonly url?: string };
  readonly _registry: HostRegistry;
}

/**
 * Network and container names, and subnets, `host`'s objects share with a host of an earlier stack of the app on
 * the same endpoint (both on DOCKER_HOST, or one literal URL): each stack is checked alone, and deploying both to
 * that engine fails at apply. A warning, not an error: stacks of one app often deploy to different engines through
 * DOCKER_HOST. Said once, on the later stack's object; returns the errors strict mode makes of them.
 */
export function sameEngineClashes<H extends EngineHost>(host: H, stack: TerraformStack, isHost: (c: IConstruct) => c is H): string[] {
  const url = host.endpoint.url;
  if (url !== undefined && Token.isUnresolved(url)) return [];
  const earlier: H[] = [];
  for (const c of host.node.root.node.findAll()) {
    if (c === host) break;
    if (isHost(c) && c.endpoint.url === url && TerraformStack.of(c) !== stack) earlier.push(c);
  }
  const out: string[] = [];
  const engine = url ?? 'DOCKER_HOST';
  const warn = (owner: IConstruct, what: string, other: IConstruct) => out.push(...reportWarnings(owner, [Errors.otherStackSameEngine(what, other.node.path, engine)]));
  for (const other of earlier) {
    for (const kind of ['network', 'container']) {
      const names = other._registry.recorded(kind).names;
      for (const n of host._registry.recorded(kind).names) {
        const clash = names.find((t) => t.name === n.name);
        if (clash) warn(n.owner, `${kind} name "${n.name}" is also used`, clash.owner);
      }
    }
    const theirs = other._registry.recorded('network').subnets;
    for (const s of host._registry.recorded('network').subnets) {
      const clash = theirs.find((t) => t.cidr.overlaps(s.cidr));
      if (clash) warn(s.owner, `subnet ${s.cidr.toString()} overlaps ${clash.cidr.toString()}`, clash.owner);
    }
  }
  return out;
}
