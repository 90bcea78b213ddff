import { StageContext } from './context';
import { NormalizedNetwork } from './normalize';
import { PlannedNetwork } from './plan';
import { ComposePath } from './source';
import { composeNumber, isObj, Obj, stringRecord } from './values';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NETWORK_FIELDS = ['driver', 'driver_opts', 'name', 'external', 'internal', 'attachable', 'enable_ipv6', 'ipam', 'labels'];

/** Stage 7 for one network: what `BridgeNetwork`, `OverlayNetwork` or `BridgeNetwork.fromName` is given. */
export function mapNetwork(ctx: StageContext, n: NormalizedNetwork, hasAddressPlan: boolean): PlannedNetwork {
  const { key, path, name, raw } = n;
  if (n.implicit) return { key, path, name, kind: ctx.swarm ? 'overlay' : 'bridge', fromAddressPlan: hasAddressPlan || undefined };
  for (const k of Object.keys(raw)) if (!NETWORK_FIELDS.includes(k) && !k.startsWith('x-')) ctx.drop([...path, k], ctx.M.notSupported(k));
  const driver = (raw.driver as string | undefined) ?? (ctx.swarm ? 'overlay' : 'bridge');
  if (isObj(raw.external)) ctx.drop([...path, 'external'], ctx.M.externalObject());
  if (raw.external === true || isObj(raw.external)) {
    for (const k of Object.keys(raw)) if (!['external', 'name', 'driver'].includes(k) && !k.startsWith('x-')) ctx.drop([...path, k], ctx.M.externalIgnores(k));
    return { key, path, name, kind: driver === 'overlay' ? 'external-overlay' : 'external-bridge' };
  }
  if (driver !== 'bridge' && driver !== 'overlay') ctx.drop([...path, 'driver'], ctx.M.driverNotSupported(driver));
  if (ctx.swarm && driver === 'bridge') ctx.fail([...path, 'driver'], ctx.M.bridgeInSwarm(key));
  if (!ctx.swarm && driver === 'overlay') ctx.fail([...path, 'driver'], ctx.M.overlayWithoutSwarm(key));
  const kind = driver === 'overlay' ? 'overlay' : 'bridge';
  const opts = { ...n.driverOptions };
  const out: Mutable<Partial<PlannedNetwork>> = kind === 'bridge' ? bridgeOptions(ctx, path, raw, opts) : overlayOptions(ctx, path, raw, opts);
  const hasSubnet = mapIpam(ctx, path, raw, kind, out);
  if (raw.enable_ipv6 === true && !out.ipv6Subnet) ctx.fail([...path, 'enable_ipv6'], ctx.M.ipv6WithoutSubnet(key));
  if (raw.enable_ipv6 === false && out.ipv6Subnet) ctx.fail([...path, 'enable_ipv6'], ctx.M.ipv6Disabled(key));
  return {
    key,
    path,
    name,
    kind,
    ...out,
    internal: raw.internal === true ? true : undefined,
    labels: n.labels,
    driverOptions: Object.keys(opts).length > 0 ? opts : undefined,
    fromAddressPlan: hasAddressPlan && !hasSubnet ? true : undefined,
  };
}

/** The bridge driver options the library has props for, taken out of `opts`; the rest stay driver options. */
function bridgeOptions(ctx: StageContext, path: ComposePath, raw: Obj, opts: Record<string, string>): Mutable<Partial<PlannedNetwork>> {
  const take = (k: string) => {
    const v = opts[k];
    delete opts[k];
    return v;
  };
  const out: Mutable<Partial<PlannedNetwork>> = { bridgeName: take('com.docker.network.bridge.name') };
  const icc = take('com.docker.network.bridge.enable_icc');
  if (icc !== undefined) out.interContainerCommunication = icc === 'true';
  const masq = take('com.docker.network.bridge.enable_ip_masquerade');
  if (masq !== undefined) out.ipMasquerade = masq === 'true';
  const mtu = take('com.docker.network.driver.mtu');
  if (mtu !== undefined) out.mtu = composeNumber(ctx, mtu, [...path, 'driver_opts', 'com.docker.network.driver.mtu']);
  if (raw.attachable === false) ctx.drop([...path, 'attachable'], ctx.M.bridgeAlwaysAttachable());
  return out;
}

/** An overlay takes `encrypted`; other driver options are not carried over (and removed from `opts`). */
function overlayOptions(ctx: StageContext, path: ComposePath, raw: Obj, opts: Record<string, string>): Mutable<Partial<PlannedNetwork>> {
  const out: Mutable<Partial<PlannedNetwork>> = {};
  const enc = opts.encrypted;
  delete opts.encrypted;
  if (enc !== undefined) out.encrypted = enc === '' || enc === 'true';
  out.attachable = raw.attachable === undefined ? undefined : raw.attachable === true || raw.attachable === 'true';
  for (const k of Object.keys(opts)) {
    ctx.drop([...path, 'driver_opts', k], ctx.M.overlayOption(k));
    delete opts[k];
  }
  return out;
}

/** `ipam.config`: one IPv4 and one IPv6 block into `out`; true when a subnet was given. */
function mapIpam(ctx: StageContext, path: ComposePath, raw: Obj, kind: 'bridge' | 'overlay', out: Mutable<Partial<PlannedNetwork>>): boolean {
  const { M } = ctx;
  if (!isObj(raw.ipam)) return false;
  const ipam = raw.ipam;
  for (const k of Object.keys(ipam)) {
    if (k === 'driver' && ipam.driver === 'default') continue;
    if (k !== 'config' && !k.startsWith('x-')) ctx.drop([...path, 'ipam', k], M.ipamField(k));
  }
  let hasSubnet = false;
  const seen = { 4: false, 6: false };
  (Array.isArray(ipam.config) ? ipam.config : []).forEach((c, i) => {
    const cp = [...path, 'ipam', 'config', i];
    if (!isObj(c)) return;
    for (const k of Object.keys(c)) if (!['subnet', 'ip_range', 'gateway', 'aux_addresses'].includes(k)) ctx.drop([...cp, k], M.notSupported(k));
    const subnet = typeof c.subnet === 'string' ? c.subnet : undefined;
    if (!subnet) return ctx.drop(cp, M.ipamWithoutSubnet());
    hasSubnet = true;
    const family = subnet.includes(':') ? 6 : 4;
    if (seen[family]) return ctx.drop(cp, M.secondIpamBlock(family));
    seen[family] = true;
    if (family === 6) {
      Object.assign(out, { ipv6Subnet: subnet, ipv6Gateway: c.gateway });
      if (kind === 'overlay') ctx.drop(cp, M.overlayIpv6());
      if (c.ip_range !== undefined) ctx.drop([...cp, 'ip_range'], M.ipv6Field('ip_range'));
      if (c.aux_addresses !== undefined) ctx.drop([...cp, 'aux_addresses'], M.ipv6Field('aux_addresses'));
      return;
    }
    Object.assign(out, { subnet, gateway: c.gateway, ipRange: c.ip_range });
    if (isObj(c.aux_addresses)) {
      if (kind === 'overlay') ctx.drop([...cp, 'aux_addresses'], M.overlayAux());
      else out.auxAddresses = stringRecord(c.aux_addresses);
    }
  });
  return hasSubnet;
}
