// Generated from examples/compose/legacy-links.yml by `docker-network-cdktf compose import`. This file is yours now: edit it freely;
// it is not regenerated. Project "legacy": networks <project>_<network>, containers <project>-<service>-1.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BuiltinNetwork, Container, DockerHost, Port, synthOrExplain } from "../../../constructs";

export class LegacyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host'); // DOCKER_HOST or the local socket

    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const db = new Container(this, "db", {
      name: "legacy-db-1",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'legacy db' > /www/index.html && exec httpd -f -p 80 -h /www"],
      insecure: { defaultBridge: true },
      networks: [{ network: BuiltinNetwork.bridge(host) }],
    });
    // secure default: all Linux capabilities dropped, NET_RAW added back (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const web = new Container(this, "web", {
      name: "legacy-web-1",
      image: host.image("busybox:1.36"),
      command: ["sleep", "2147483647"],
      capabilities: ["NET_RAW"],
      insecure: { defaultBridge: true },
      networks: [{ network: BuiltinNetwork.bridge(host) }],
    });
    web.linkTo(db, { alias: "database", environment: true, ports: [Port.tcp(80)] });
  }
}

// Run directly as CommonJS (npx ts-node <file>): this stack alone. In an ES module, import the class into your app.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const app = new App();
  new LegacyStack(app, "legacy");
  synthOrExplain(app);
}
