// README: "Beyond one host". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BridgeNetwork,
  ClusterAddressPlan,
  Container,
  DockerHost,
  EndpointMode,
  HostEndpoint,
  OverlayNetwork,
  Port,
  ServicePort,
  Swarm,
  SwarmService,
  Warnings,
} from '../constructs';

export class SwarmExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, lockFile?: string) {
    super(scope, id);
    // Two engines; run `docker swarm init` on the first and `docker swarm join` on the second once, beforehand.
    const a = new DockerHost(this, 'node-a', { alias: 'a', endpoint: HostEndpoint.ssh('ssh://docker@node-a') });
    const b = new DockerHost(this, 'node-b', { alias: 'b', endpoint: HostEndpoint.ssh('ssh://docker@node-b') });
    const swarm = new Swarm(this, 'swarm', { manager: a, workers: [b] });

    // Per-host ranges: each host's bridge gets its own /24 of 10.244.0.0/16, like cni0 in Kubernetes.
    const cluster = new ClusterAddressPlan(this, 'cluster', { lockFile });
    const overlay = new OverlayNetwork(this, 'backbone', { swarm, subnet: '172.16.40.0/24', attachable: true, encrypted: true });

    for (const host of [a, b]) {
      const pods = new BridgeNetwork(this, `pods-${host.node.id}`, { host, name: 'pods', subnet: cluster.hostRange(host), bridgeName: 'cni0' });
      new Container(this, `agent-${host.node.id}`, {
        host,
        name: `agent-${host.node.id}`,
        image: host.image('busybox:1.36'),
        networks: [{ network: pods }, { network: overlay }],
      });
    }

    const api = new SwarmService(this, 'api', {
      swarm,
      image: 'busybox:1.36',
      replicas: 2,
      endpointMode: EndpointMode.VIP,
      networks: [{ network: overlay, aliases: ['api'] }],
      ports: [ServicePort.host(Port.tcp(8080), 18080)], // host mode: one task per node can hold the port
    });
    // Publishing is the point of this service: say so once, for review, and strict mode (DNC_STRICT=1) accepts it.
    Warnings.of(api).acknowledge('docker-network-cdktf:swarm-published-port', 'port 18080 is the API entry; the nodes sit behind the firewall');
  }
}
