// README: "A first topology". Compiled and synthesized by `npm test` (test/examples.test.ts).
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, RestartPolicy } from '../constructs';

export class QuickstartStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host'); // DOCKER_HOST or the local socket

    const net = new BridgeNetwork(this, 'shop-net', {
      bridgeName: 'br-shop', // the Linux bridge you will see in `ip link`
      subnet: '10.88.0.0/24', // gateway defaults to 10.88.0.1
      ipRange: '10.88.0.128/25', // dynamic addresses; static ones stay below .128
    });

    new Container(this, 'db', {
      image: host.image('busybox:1.36'),
      command: ['sleep', 'infinity'],
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: net, ipv4Address: '10.88.0.10', aliases: ['database'] }],
    });

    new Container(this, 'web', {
      image: host.image('busybox:1.36'),
      command: ['httpd', '-f', '-p', '80'],
      networks: [{ network: net }], // reaches the db as `db` or `database`
    });
  }
}

if (require.main === module) {
  const app = new App();
  new QuickstartStack(app, 'quickstart');
  app.synth();
}
