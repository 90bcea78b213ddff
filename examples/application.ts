// README: "Running an application". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  BridgeNetwork,
  BuiltinNetwork,
  Container,
  DockerHost,
  Duration,
  Exposure,
  HealthCheck,
  Mount,
  Port,
  PullPolicy,
  RegistryCredentials,
  RestartPolicy,
  Size,
  RemovalPolicy,
  Volume,
} from '../constructs';

export class ApplicationStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Private images: credentials from sensitive variables (TF_VAR_corp_registry_password), never in cdk.tf.json.
    const host = new DockerHost(this, 'host', { registries: [RegistryCredentials.fromVariables('registry.example.com', 'corp')] });
    const net = new BridgeNetwork(this, 'app-net');

    // Volumes: kept with their data when the stack is destroyed (the default, as `docker compose down`), removed
    // with it (`removalPolicy: RemovalPolicy.DESTROY`, as `down -v`), or external by name (never touched).
    const pgdata = new Volume(this, 'pgdata');
    const scratch = new Volume(this, 'db-scratch', { labels: { backup: 'never' }, removalPolicy: RemovalPolicy.DESTROY });

    // A database with a health check, a read-only root and limits.
    const db = new Container(this, 'db', {
      image: host.image('postgres:16.4@sha256:' + '0'.repeat(64)), // digest-pinned
      networks: [{ network: net, aliases: ['database'] }],
      mounts: [
        Mount.volume(pgdata, '/var/lib/postgresql/data'),
        Mount.volume(scratch, '/var/cache/db'),
        Mount.volume(Volume.fromName('shared-certs'), '/certs', { readOnly: true }),
        Mount.bind('/srv/db/initdb', '/docker-entrypoint-initdb.d'), // read-only unless { readWrite: true }
        Mount.tmpfs('/var/run/postgresql', { size: Size.mebibytes(8) }),
        Mount.tmpfs('/tmp'),
      ],
      healthCheck: HealthCheck.command(['pg_isready', '-U', 'postgres'], { interval: Duration.seconds(5), timeout: Duration.seconds(3), retries: 10, startPeriod: Duration.seconds(30) }),
      readOnlyRootFilesystem: true, // CIS 5.12, opt-in
      user: '999:999',
      memory: Size.gibibytes(1),
      cpus: 1.5,
      ulimits: { nofile: { soft: 65536 } },
      stopSignal: 'SIGINT',
      stopGracePeriod: Duration.seconds(30),
      logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      restart: RestartPolicy.ON_FAILURE,
      restartMaxRetries: 5,
      capabilities: ['CHOWN', 'SETUID', 'SETGID', 'FOWNER', 'DAC_OVERRIDE'],
    }).expose(Port.tcp(5432));

    // An API that starts once the database is healthy.
    const api = new Container(this, 'api', {
      image: host.image('registry.example.com/team/api:2.3', { pullPolicy: PullPolicy.ALWAYS }),
      networks: [{ network: net }],
      entrypoint: ['/app/server'],
      command: ['--port', '8080'],
      workingDir: '/app',
      init: true,
      env: { DATABASE_HOST: 'database' },
      dnsSearch: ['corp.example'],
      extraHosts: { 'billing.legacy.internal': '10.1.2.3' },
      sysctls: { 'net.ipv4.tcp_keepalive_time': '600' },
    }).expose(Port.tcp(8080), Exposure.published({ hostPort: 8080 }));
    api.dependsOn(db, { condition: 'healthy', timeout: Duration.minutes(2) });

    // The escape hatch: `resource` is the docker_container (like aws-cdk's node.defaultChild), for provider
    // attributes the library does not model. Attributes the library renders at synth (networks, host entries,
    // env, ports) are its own: set those through the API, or they are overwritten.
    api.resource.shmSize = 256;
    api.resource.addOverride('gpus', 'all');

    // Legacy links on docker0: the variables default to the ports the target exposes.
    const docker0 = BuiltinNetwork.bridge(host);
    const cache = new Container(this, 'cache', { image: host.image('redis:7'), networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    cache.expose(Port.tcp(6379)); // documentation on docker0, as Compose's `expose`
    const worker = new Container(this, 'worker', {
      image: host.image('busybox:1.36'),
      extraHosts: { 'metrics.internal': '10.1.2.4' }, // kept next to the link's hosts entry
      insecure: { defaultBridge: true },
    });
    worker.attach(docker0).linkTo(cache, { alias: 'redis', environment: true }); // REDIS_PORT_6379_TCP=...
  }
}
