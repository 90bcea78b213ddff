// README: "Docker hosts". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, BuiltinNetwork, Container, DockerHost, HostEndpoint, TlsMaterial } from '../constructs';

export class HostsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const local = new DockerHost(this, 'local');
    const edge = new DockerHost(this, 'edge', {
      alias: 'edge',
      endpoint: HostEndpoint.ssh('ssh://deploy@edge.example.com', ['-o', 'StrictHostKeyChecking=yes']),
    });
    const db = new DockerHost(this, 'db', {
      alias: 'db',
      // TF_VAR_db_ca_material, TF_VAR_db_cert_material, TF_VAR_db_key_material: sensitive variables
      endpoint: HostEndpoint.tcp('tcp://db.example.com:2376', { tls: TlsMaterial.fromVariables() }),
    });

    // An existing network, created by Compose, used like one of ours.
    const compose = BridgeNetwork.fromName(this, 'compose-net', 'myapp_default', { host: local, subnet: '10.99.0.0/24' });
    new Container(this, 'sidecar', { host: local, image: 'busybox:1.36', networks: [{ network: compose, ipv4Address: '10.99.0.50' }] });

    // docker0, host and none are there on every engine.
    new Container(this, 'probe', {
      host: edge,
      image: 'busybox:1.36',
      networks: [{ network: BuiltinNetwork.host(edge) }],
      insecure: { hostNetwork: true }, // an explicit, reviewable opt-out of CIS 5.10
    });
    new Container(this, 'offline', { host: db, image: 'busybox:1.36', networks: [{ network: BuiltinNetwork.none(db) }] });
  }
}
