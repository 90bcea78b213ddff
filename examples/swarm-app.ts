// README: "Swarm services that run an application". Compiled and synthesized by `npm test`.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  DockerHost,
  Duration,
  EndpointMode,
  HealthCheck,
  Mount,
  OverlayNetwork,
  SecretValue,
  ServiceMode,
  ServicePort,
  Port,
  Size,
  Swarm,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
} from '../constructs';

export class SwarmAppStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const host = new DockerHost(this, 'manager');
    const swarm = new Swarm(this, 'swarm', { manager: host });
    const net = new OverlayNetwork(this, 'backend', { swarm, subnet: '172.16.40.0/24' });

    // Secret text from a sensitive variable (TF_VAR_api_token) or a file; never literal.
    const token = new SwarmSecret(this, 'api-token', { swarm, value: SecretValue.fromVariable('api_token') });
    const tls = new SwarmSecret(this, 'tls-key', { swarm, value: SecretValue.fromFile('/run/keys/tls.key') });
    const conf = new SwarmConfig(this, 'api-conf', { swarm, text: 'log_level=info\n' });

    new SwarmService(this, 'api', {
      swarm,
      image: 'registry.example.com/team/api:2.3',
      networks: [{ network: net }],
      mode: ServiceMode.replicated(3),
      placement: { constraints: ['node.role == worker'], spread: ['node.labels.zone'], maxReplicasPerNode: 2 },
      updatePolicy: { parallelism: 1, delay: Duration.seconds(10), order: 'start-first', failureAction: 'rollback', monitor: Duration.seconds(30) },
      rollbackPolicy: { parallelism: 0 },
      restartPolicy: { condition: 'on-failure', delay: Duration.seconds(5), maxAttempts: 3, window: Duration.minutes(2) },
      limits: { cpus: 1, memory: Size.mebibytes(512) },
      reservations: { cpus: 0.25, memory: Size.mebibytes(128) },
      labels: { team: 'api' },
      mounts: [Mount.volume({ volumeName: 'api-cache' }, '/cache'), Mount.tmpfs('/tmp')],
      healthCheck: HealthCheck.command(['/app/healthz'], { interval: Duration.seconds(10) }),
      secrets: [{ secret: token }, { secret: tls, fileName: 'tls.key', mode: 0o400 }],
      configs: [{ config: conf, fileName: '/etc/api/api.conf' }],
      readOnlyRootFilesystem: true,
      stopGracePeriod: Duration.seconds(20),
      ports: [ServicePort.ingress(Port.tcp(8080), 8080)],
    });

    // One agent per node.
    new SwarmService(this, 'agent', {
      swarm,
      image: 'busybox:1.36',
      command: ['sleep', '2147483647'],
      networks: [{ network: net }],
      mode: ServiceMode.global(),
      endpointMode: EndpointMode.DNSRR,
    });
  }
}
