import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltinNetwork, Container, DockerHost, RestartPolicy } from '../constructs';
import { ExampleStackProps, exampleHost, IDLE, PROBE_CAPABILITIES, webServer } from './common';

/**
 * Two containers on docker0, where `docker run` places them without `--network`: they reach each other by IP
 * (172.17.0.0/16), not by name, since the default bridge has no DNS.
 */
export class DefaultBridgeStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly web: Container;
  public readonly client: Container;

  constructor(scope: Construct, id: string, props: ExampleStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    const docker0 = BuiltinNetwork.bridge(host);
    this.web = new Container(this, 'web', {
      name: 'legacy-web',
      image,
      command: webServer('hello from legacy-web on docker0'),
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: docker0 }],
      insecure: { defaultBridge: true }, // this scenario is about docker0 (CIS 5.30 opt-out)
    });
    this.client = new Container(this, 'client', {
      name: 'legacy-client',
      capabilities: PROBE_CAPABILITIES,
      image,
      command: IDLE,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: docker0 }],
      insecure: { defaultBridge: true }, // this scenario is about docker0 (CIS 5.30 opt-out)
    });
  }
}
