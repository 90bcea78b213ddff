// Generated from examples/compose/web-app.yml by `docker-network-cdktf compose import`. This file is yours now: edit it freely;
// it is not regenerated. Project "shop": networks <project>_<network>, containers <project>-<service>-1.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { BridgeNetwork, Container, DockerHost, Duration, Exposure, HealthCheck, Mount, Port, RestartPolicy, Volume, synthOrExplain } from "../../../constructs";

export class ShopStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'host'); // DOCKER_HOST or the local socket

    const frontNet = new BridgeNetwork(this, "front", {
      name: "shop_front",
      subnet: "10.61.0.0/24",
    });
    const backNet = new BridgeNetwork(this, "back", {
      name: "shop_back",
      subnet: "10.61.1.0/24",
      internal: true,
    });
    const dbdataVolume = new Volume(this, "dbdata", {
      name: "shop_dbdata",
    });

    // secure default: 1 published port bound to 127.0.0.1 (Compose: 0.0.0.0, every interface; CIS 5.14)
    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const proxy = new Container(this, "proxy", {
      name: "shop-proxy-1",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'proxy' > /www/index.html && exec httpd -f -p 80 -h /www"],
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: frontNet, aliases: ["proxy"] }],
    });
    proxy.expose(Port.tcp(80), Exposure.published({ hostPort: 18081 }));
    // secure default: all Linux capabilities dropped, NET_RAW added back (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const api = new Container(this, "api", {
      name: "shop-api-1",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'api' > /www/index.html && exec httpd -f -p 8080 -h /www"],
      env: { DATABASE_URL: "postgres://db:5432/shop", CACHE_HOST: "cache", LOG_LEVEL: "info" },
      restart: RestartPolicy.UNLESS_STOPPED,
      capabilities: ["NET_RAW"],
      networks: [{ network: frontNet, aliases: ["api", "backend"] }, { network: backNet, aliases: ["api"] }],
    });
    api.expose(Port.tcp(8080), Exposure.clusterInternal());
    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const db = new Container(this, "db", {
      name: "shop-db-1",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'db' > /www/index.html && exec httpd -f -p 5432 -h /www"],
      env: { POSTGRES_DB: "shop" },
      labels: { "com.example.tier": "data" },
      networks: [{ network: backNet, aliases: ["db"] }],
      mounts: [Mount.volume(dbdataVolume, "/var/lib/db")],
      healthCheck: HealthCheck.shell("printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 127.0.0.1 5432 | grep -q 200", { interval: Duration.seconds(2), timeout: Duration.seconds(3), retries: 15 }),
    });
    db.expose(Port.tcp(5432), Exposure.clusterInternal());
    // secure default: all Linux capabilities dropped (Compose keeps Docker's default set; CIS 5.4)
    // secure default: no-new-privileges set (Compose does not; CIS 5.26)
    const cache = new Container(this, "cache", {
      name: "shop-cache-1",
      image: host.image("busybox:1.36"),
      command: ["sh", "-c", "mkdir -p /www && echo 'cache' > /www/index.html && exec httpd -f -p 6379 -h /www"],
      networks: [{ network: backNet, aliases: ["cache"] }],
    });
    cache.expose(Port.tcp(6379), Exposure.clusterInternal());
    api.dependsOn(db, { condition: 'healthy' });
    api.dependsOn(cache);
  }
}

// Run directly as CommonJS (npx ts-node <file>): this stack alone. In an ES module, import the class into your app.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  const app = new App();
  new ShopStack(app, "shop");
  synthOrExplain(app);
}
