// Generated from examples/compose/dns-filter.yml by `docker-network-cdktf compose import`. This file is yours now: edit it freely;
// it is not regenerated. Project "dnsfilter": networks <project>_<network>, containers <project>-<service>-1.
// Values of variables are not written here: give each at plan and apply as TF_VAR_<name> (TF_VAR_WEBPASSWORD).
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, Exposure, HostInterface, Port, RestartPolicy, synthOrExplain } from "../../../constructs";

export class DnsfilterStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const webpasswordVariable = new TerraformVariable(this, "WEBPASSWORD", { type: 'string', sensitive: true, description: "Compose variable WEBPASSWORD: give it as TF_VAR_WEBPASSWORD" });
    const host = new DockerHost(this, 'host'); // DOCKER_HOST or the local socket

    const dnsNet = new BridgeNetwork(this, "dns_net", {
      name: "dnsfilter_dns_net",
      subnet: "10.62.0.0/24",
      gateway: "10.62.0.1",
      ipRange: "10.62.0.128/25",
      auxAddresses: { router: "10.62.0.2" },
      bridgeName: "br-dnsfilter",
      labels: { "com.example.purpose": "dns" },
    });

    // secure default: all Linux capabilities dropped, NET_BIND_SERVICE added back (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const resolver = new Container(this, "resolver", {
      name: "dns-resolver",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'admin' > /www/index.html && exec httpd -f -p 80 -h /www"],
      env: { TZ: "UTC", WEBPASSWORD: webpasswordVariable.stringValue },
      restart: RestartPolicy.UNLESS_STOPPED,
      hostname: "resolver",
      capabilities: ["NET_BIND_SERVICE"],
      networks: [{ network: dnsNet, ipv4Address: "10.62.0.53", aliases: ["resolver"] }],
    });
    resolver.expose(Port.tcp(53), Exposure.published({ hostPort: 18053, hostInterface: HostInterface.address("127.0.0.1") }));
    resolver.expose(Port.udp(53), Exposure.published({ hostPort: 18053, hostInterface: HostInterface.address("127.0.0.1") }));
    resolver.expose(Port.tcp(80), Exposure.published({ hostPort: 18082, hostInterface: HostInterface.address("127.0.0.1") }));
    // secure default: all Linux capabilities dropped, NET_RAW added back (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    new Container(this, "client", {
      name: "dnsfilter-client-1",
      image: host.image("busybox:1.36"),
      command: ["sleep", "2147483647"],
      capabilities: ["NET_RAW"],
      networks: [{ network: dnsNet, ipv4Address: "10.62.0.10", aliases: ["client"] }],
    });
  }
}

// Run directly as CommonJS (npx ts-node <file>): this stack alone. In an ES module, import the class into your app.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const app = new App();
  new DnsfilterStack(app, "dnsfilter");
  synthOrExplain(app);
}
