// README: "Compose files in". Compiled and synthesized by `npm test` (test/examples.test.ts).
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ComposeProject, Container, DockerHost, Exposure, Port } from '../constructs';

export class ComposeExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host');

    // networks shop_front and shop_back, containers shop-proxy-1 ... as `docker compose up` names them
    const shop = new ComposeProject(this, 'shop', {
      file: path.join(__dirname, 'compose', 'web-app.yml'),
      mode: 'secure', // acknowledged: ports on 127.0.0.1, capabilities dropped, no-new-privileges
      env: { LOG_LEVEL: 'debug' }, // ${LOG_LEVEL:-info} in the file
      // processEnv: ['IMAGE_TAG'], // the only process-environment variables the file may read
    });

    // The result is ordinary constructs: reach into a service, add to a network.
    shop.service('proxy').expose(Port.tcp(9100), Exposure.nodePort());
    new Container(this, 'worker', {
      image: host.image('busybox:1.36'),
      command: ['sleep', 'infinity'],
      networks: [{ network: shop.network('back'), aliases: ['jobs'] }], // reaches db and cache by name
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ComposeExampleStack(app, 'compose');
  app.synth();
}
