// Generated from examples/compose/swarm-stack.yml by `docker-network-cdktf compose import`. This file is yours now: edit it freely;
// it is not regenerated. Project "stack": networks <project>_<network>, services <project>_<service>.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DockerHost, EndpointMode, OverlayNetwork, Port, ServicePort, Swarm, SwarmService, synthOrExplain } from "../../../constructs";

export class StackStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host');
    const swarm = new Swarm(this, 'swarm', { manager: host }); // needs `docker swarm init` on the engine

    const backboneNet = new OverlayNetwork(this, "backbone", {
      swarm: swarm,
      name: "stack_backbone",
      subnet: "172.16.63.0/24",
      encrypted: true,
    });

    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    new SwarmService(this, "api", {
      swarm: swarm,
      name: "stack_api",
      image: "busybox:1.36",
      replicas: 2,
      command: ["sh", "-c", "mkdir -p /www && echo 'api' > /www/index.html && exec httpd -f -p 80 -h /www"],
      networks: [{ network: backboneNet, aliases: ["api", "api-v1"] }],
      endpointMode: EndpointMode.DNSRR,
    });
    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    new SwarmService(this, "edge", {
      swarm: swarm,
      name: "stack_edge",
      image: "busybox:1.36",
      replicas: 1,
      command: ["sh", "-c", "mkdir -p /www && echo 'edge' > /www/index.html && exec httpd -f -p 80 -h /www"],
      networks: [{ network: backboneNet, aliases: ["edge"] }],
      endpointMode: EndpointMode.DNSRR,
      ports: [ServicePort.host(Port.tcp(80), 18083)],
    });
  }
}

// Run directly as CommonJS (npx ts-node <file>): this stack alone. In an ES module, import the class into your app.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const app = new App();
  new StackStack(app, "stack");
  synthOrExplain(app);
}
