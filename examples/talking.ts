// README: "How containers talk". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, Exposure, HostInterface, Port, TieredNetwork } from '../constructs';

export class TalkingStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host');
    const image = host.image('busybox:1.36');

    // Links: `web` reaches `db` as `database`, with Docker's legacy variables.
    const net = new BridgeNetwork(this, 'legacy-app');
    const db = new Container(this, 'db', { image, networks: [{ network: net }] });
    const web = new Container(this, 'web', { image, networks: [{ network: net }] });
    web.linkTo(db, { alias: 'database', environment: true, ports: [Port.tcp(5432)] });

    // Tiers: edge <-> app <-> data, never edge <-> data; data has no route out.
    const tiers = new TieredNetwork(this, 'shop');
    const edge = tiers.addTier('edge');
    const app = tiers.addTier('app');
    const data = tiers.addTier('data', { internal: true });
    app.allowFrom(edge);
    data.allowFrom(app);
    const proxy = new Container(this, 'proxy', { image });
    edge.add(proxy);
    app.add(new Container(this, 'api', { image }), ['api']);
    data.add(new Container(this, 'pg', { image }), ['postgres']);

    // Exposure: like Kubernetes Service types.
    proxy.expose(Port.tcp(80), Exposure.published({ hostPort: 8080 })); // 127.0.0.1:8080 (CIS 5.14)
    proxy.expose(Port.tcp(443), Exposure.published({ hostPort: 8443, hostInterface: HostInterface.allInterfaces() })); // explicit
    proxy.expose(Port.tcp(9100), Exposure.nodePort()); // 30000-32767, derived from the name
    db.expose(Port.tcp(5432), Exposure.clusterInternal()); // by name on shared networks only
  }
}
