import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BridgeNetwork,
  Container,
  DockerHost,
  Duration,
  EndpointMode,
  Exposure,
  HealthCheck,
  Mount,
  OverlayNetwork,
  Port,
  RestartPolicy,
  SecretValue,
  ServiceMode,
  Size,
  Swarm,
  SwarmSecret,
  SwarmService,
  Volume,
} from '../constructs';
import { ExampleStackProps, exampleHost, exampleImage, IDLE, PROBE_CAPABILITIES } from './common';

/** The host port the app's web front answers on (127.0.0.1 only). */
export const APP_WEB_PORT = 18090;

/** An HTTP GET of `path` on `host` with busybox nc, body only (a shell snippet). */
function fetch(host: string, path: string): string {
  return `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${host} 80 | tr -d '\\r' | sed '1,/^$/d'`;
}

/** Properties of an {@link AppStack}. */
export interface AppStackProps extends ExampleStackProps {
  /**
   * A revision written into the store's environment; changing it replaces the store container (the data on
   * its volume stays).
   * @default '1'
   */
  readonly storeRevision?: string;
  /**
   * The store's CPU limit.
   * @default 0.5
   */
  readonly storeCpus?: number;
}

/**
 * A small real application without the escape hatch: a store keeping its "database" (a file) on a named volume,
 * with a health check; an app that starts only once the store is healthy; a web front published on 127.0.0.1.
 * The store runs with a read-only root file system, a tmpfs for /tmp, memory/CPU/ulimit limits and an init.
 */
export class AppStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly network: BridgeNetwork;
  public readonly data: Volume;
  public readonly store: Container;
  public readonly app: Container;
  public readonly web: Container;
  public readonly client: Container;

  constructor(scope: Construct, id: string, props: AppStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.network = new BridgeNetwork(this, 'app-net', { subnet: '10.50.0.0/24', ipRange: '10.50.0.128/25' });
    // Survives container replacement and `terraform destroy` (RemovalPolicy.RETAIN, as `docker compose down`);
    // the engine creates it when app-store is first created. `removalPolicy: RemovalPolicy.DESTROY` removes it.
    this.data = new Volume(this, 'data', { name: 'app-store-data' });

    this.store = new Container(this, 'store', {
      name: 'app-store',
      image,
      // Seeds the "database" once, takes a few seconds to get ready, then serves /data over HTTP.
      command: [
        'sh',
        '-c',
        '[ -f /data/db.txt ] || echo seed > /data/db.txt; sleep 4; date +%s > /data/ready-at; touch /tmp/ready; exec httpd -f -p 80 -h /data',
      ],
      env: { STORE_REVISION: props.storeRevision ?? '1' },
      restart: RestartPolicy.ON_FAILURE,
      restartMaxRetries: 3,
      networks: [{ network: this.network, ipv4Address: '10.50.0.10' }],
      mounts: [Mount.volume(this.data, '/data'), Mount.tmpfs('/tmp', { size: Size.mebibytes(16) })],
      healthCheck: HealthCheck.shell('test -f /tmp/ready', { interval: Duration.seconds(1), timeout: Duration.seconds(2), retries: 30 }),
      readOnlyRootFilesystem: true,
      init: true,
      workingDir: '/data',
      memory: Size.mebibytes(64),
      cpus: props.storeCpus ?? 0.5,
      ulimits: { nofile: { soft: 1024, hard: 2048 } },
      stopGracePeriod: Duration.seconds(5),
      logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '2' } },
    }).expose(Port.tcp(80));

    this.app = new Container(this, 'app', {
      name: 'app-app',
      image,
      // Reads the store once at start: this only works if the store is already serving.
      command: ['sh', '-c', `mkdir -p /www && date +%s > /www/started-at && ${fetch('app-store', '/db.txt')} > /www/index.html && exec httpd -f -p 80 -h /www`],
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
      // A legacy name for the store, as /etc/hosts entry (`--add-host`).
      extraHosts: { 'billing.legacy.internal': '10.50.0.10' },
      dnsSearch: ['corp.example'],
      // ndots:0: bare names (app-store) go to Docker's DNS first, before the search domain is tried.
      dnsOptions: ['ndots:0'],
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
    }).expose(Port.tcp(80));
    this.app.dependsOn(this.store, { condition: 'healthy', timeout: Duration.seconds(90) });

    this.web = new Container(this, 'web', {
      name: 'app-web',
      image,
      // A CGI script (given in the environment, to spare the quoting) makes the front ask the app per request.
      command: ['sh', '-c', `mkdir -p /www/cgi-bin && printf '%s\\n' "$CGI_SCRIPT" > /www/cgi-bin/data && chmod +x /www/cgi-bin/data && echo front > /www/index.html && exec httpd -f -p 80 -h /www`],
      env: { CGI_SCRIPT: ['#!/bin/sh', 'echo Content-Type: text/plain', 'echo', fetch('app-app', '/')].join('\n') },
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    }).expose(Port.tcp(80), Exposure.published({ hostPort: APP_WEB_PORT }));
    this.web.dependsOn(this.app);

    this.client = new Container(this, 'client', {
      name: 'app-client',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
  }
}

/** Properties of an {@link AppSwarmStack}. */
export interface AppSwarmStackProps extends ExampleStackProps {
  /** The version the service reports; changing it rolls the service's tasks. @default '1' */
  readonly version?: string;
}

/**
 * A swarm manager (run `docker swarm init` first) with a global service reading a secret, updated by rolling
 * (start-first) so it stays reachable, and a standalone client on the attachable overlay. The secret's text comes
 * from the sensitive Terraform variable `app_api_token` (set `TF_VAR_app_api_token`).
 */
export class AppSwarmStack extends TerraformStack {
  public readonly host: DockerHost;
  public readonly swarm: Swarm;
  public readonly network: OverlayNetwork;
  public readonly token: SwarmSecret;
  public readonly service: SwarmService;
  public readonly client: Container;

  constructor(scope: Construct, id: string, props: AppSwarmStackProps = {}) {
    super(scope, id);
    const { host, image } = exampleHost(this, props);
    this.host = host;
    this.swarm = new Swarm(this, 'swarm', { manager: host });
    this.network = new OverlayNetwork(this, 'net', { swarm: this.swarm, name: 'appsw-net', subnet: '172.16.30.0/24', attachable: true });
    this.token = new SwarmSecret(this, 'token', { swarm: this.swarm, name: 'app-api-token', value: SecretValue.fromVariable('app_api_token', 'API token of the app') });
    this.service = new SwarmService(this, 'api', {
      swarm: this.swarm,
      name: 'appsw-api',
      image: exampleImage(props),
      command: ['sh', '-c', 'mkdir -p /www && echo "version $APP_VERSION, token of $(wc -c < /run/secrets/app-api-token) bytes" > /www/index.html && exec httpd -f -p 80 -h /www'],
      env: { APP_VERSION: props.version ?? '1' },
      mode: ServiceMode.global(),
      endpointMode: EndpointMode.DNSRR, // this project's CI kernel has no IPVS for VIPs
      networks: [{ network: this.network }],
      secrets: [{ secret: this.token }],
      updatePolicy: { order: 'start-first', parallelism: 1, monitor: Duration.seconds(2), failureAction: 'rollback' },
      restartPolicy: { condition: 'any', delay: Duration.seconds(1) },
      healthCheck: HealthCheck.shell('test -s /www/index.html', { interval: Duration.seconds(1), retries: 10 }),
      limits: { memory: Size.mebibytes(64) },
      labels: { 'com.example.app': 'api' },
      containerLabels: { 'com.example.role': 'api' },
      // A volume by name (each node creates its own) and a tmpfs; the root stays writable for /www. A service
      // tmpfs with a size crashes kreuzwerker/docker 3.6.2 (README, "Provider versions"): sized on 4.x only.
      mounts: [
        Mount.volume(Volume.fromName('appsw-cache'), '/cache'),
        Mount.tmpfs('/scratch', host.providerVersion.serviceTmpfsOptions ? { size: Size.mebibytes(8) } : {}),
      ],
    });
    this.client = new Container(this, 'client', {
      name: 'appsw-client',
      image,
      command: IDLE,
      capabilities: PROBE_CAPABILITIES,
      restart: RestartPolicy.UNLESS_STOPPED,
      networks: [{ network: this.network }],
    });
  }
}
