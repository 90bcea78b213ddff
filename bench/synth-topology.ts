/**
 * The topology of the synth benchmark, written twice: with the library, and as the same objects in raw provider
 * resources (what a careful hand-written cdktf stack holds). N address-planned bridge networks, 5 containers each
 * (by default) at static addresses with an alias, with the library's secure defaults and ownership labels.
 */
import { DataResource, TerraformStack } from 'cdktf';
import { Container as RawContainer } from '@cdktf/provider-docker/lib/container';
import { Network as RawNetwork } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { AddressPlan, BridgeNetwork, Container, DockerHost } from '../constructs';

/** 10.64.0.0/10 holds 16,384 /24s. */
const POOL = '10.64.0.0/10';

/** What the two plans hold, printed with the results so that the comparison is read as like with like. */
export const SAME_OBJECTS =
  'both plans: the same networks and containers, each with the secure defaults and the 3 ownership labels; only the ' +
  "library's holds its network-drift check (one local naming every container) and gives one warning per static address " +
  '(the networks have no ipRange)';

function subnetOf(i: number): string {
  // The i-th /24 of the pool, as the planner hands them out.
  return `10.${64 + (i >> 8)}.${i & 255}.0/24`;
}

function hostIp(subnet: string, n: number): string {
  return subnet.replace(/\.0\/24$/, `.${n}`);
}

export function buildLibrary(stack: TerraformStack, networks: number, perNetwork: number): void {
  new DockerHost(stack, 'host');
  const plan = new AddressPlan(stack, 'plan', { pool: POOL });
  for (let i = 0; i < networks; i++) {
    const subnet = plan.allocate(`net${i}`);
    const net = new BridgeNetwork(stack, `net${i}`, { subnet });
    for (let j = 0; j < perNetwork; j++) {
      new Container(stack, `c${i}-${j}`, {
        image: 'busybox:1.36',
        networks: [{ network: net, ipv4Address: hostIp(subnet.toString(), 10 + j), aliases: [`svc${j}`] }],
      });
    }
  }
}

/**
 * The library's ownership labels (stack, construct path, deployment: private/ownership.ts), so that both plans hold
 * the same objects. The deployment label reads the id of a `terraform_data` resource, as the library's does; the
 * raw stack keeps that reference in one token, as a careful hand-written stack would (and as the library does).
 */
function ownership(path: string, deploymentId: string): { label: string; value: string }[] {
  return [
    { label: 'docker-network-cdktf/stack', value: 'bench' },
    { label: 'docker-network-cdktf/path', value: path },
    { label: 'docker-network-cdktf/deployment', value: deploymentId },
  ];
}

export function buildRaw(stack: TerraformStack, networks: number, perNetwork: number): void {
  const provider = new DockerProvider(stack, 'docker', {});
  const deploymentId = new DataResource(stack, 'docker-network-cdktf-deployment').id;
  for (let i = 0; i < networks; i++) {
    const subnet = subnetOf(i);
    const net = new RawNetwork(stack, `net${i}`, {
      provider,
      name: `net${i}`,
      driver: 'bridge',
      ipamConfig: [{ subnet, gateway: hostIp(subnet, 1) }],
      labels: ownership(`net${i}`, deploymentId),
    });
    for (let j = 0; j < perNetwork; j++) {
      new RawContainer(stack, `c${i}-${j}`, {
        provider,
        name: `c${i}-${j}`,
        image: 'busybox:1.36',
        networkMode: 'bridge',
        restart: 'no',
        // the library's secure defaults, so both plans hold the same objects
        securityOpts: ['no-new-privileges:true'],
        capabilities: { drop: ['ALL'] },
        networksAdvanced: [{ name: net.name, ipv4Address: hostIp(subnet, 10 + j), aliases: [`svc${j}`] }],
        labels: ownership(`c${i}-${j}`, deploymentId),
      });
    }
  }
}
