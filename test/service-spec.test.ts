import { Duration, HealthCheck, Mount, OverlayNetwork, RegistryCredentials, SecretValue, ServiceMode, Size, Swarm, SwarmConfig, SwarmSecret, SwarmService } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

function swarmStack() {
  const { stack, host } = newStack();
  const swarm = new Swarm(stack, 'swarm', { manager: host });
  const net = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.1.0/24' });
  return { stack, host, swarm, net };
}

describe('SwarmService deploy settings', () => {
  test('a global service with placement, update/rollback, restart, resources, labels, mounts, health, secrets and configs', () => {
    const { stack, swarm, net } = swarmStack();
    const secret = new SwarmSecret(stack, 'db-password', { swarm, value: SecretValue.fromVariable('db_password') });
    const config = new SwarmConfig(stack, 'app-conf', { swarm, text: 'level=info\n' });
    new SwarmService(stack, 'agent', {
      swarm,
      image: 'busybox:1.36',
      networks: [{ network: net }],
      mode: ServiceMode.global(),
      placement: { constraints: ['node.role == manager'], spread: ['node.labels.zone'] },
      updatePolicy: { parallelism: 1, delay: Duration.seconds(10), order: 'start-first', failureAction: 'rollback', monitor: Duration.minutes(1), maxFailureRatio: 0.1 },
      rollbackPolicy: { parallelism: 2 },
      restartPolicy: { condition: 'on-failure', delay: Duration.seconds(5), maxAttempts: 3, window: Duration.minutes(2) },
      limits: { cpus: 0.5, memory: Size.mebibytes(128) },
      reservations: { memory: Size.mebibytes(64) },
      labels: { team: 'ops' },
      mounts: [Mount.volume({ volumeName: 'agent-data' }, '/data'), Mount.tmpfs('/tmp')],
      healthCheck: HealthCheck.command(['true'], { interval: Duration.seconds(60), timeout: Duration.seconds(3) }),
      secrets: [{ secret }],
      configs: [{ config, fileName: '/etc/app.conf' }],
      readOnlyRootFilesystem: true,
      stopGracePeriod: Duration.seconds(30),
      logging: { driver: 'json-file', options: { 'max-size': '1m' } },
    });
    const doc = JSON.parse(synth(stack));
    const r = resourceNamed(JSON.stringify(doc), 'docker_service', 'agent');
    expect(r.mode).toEqual({ global: true });
    expect(r.labels).toEqual(expect.arrayContaining([{ label: 'team', value: 'ops' }, { label: 'docker-network-cdktf/path', value: 'agent' }]));
    expect(r.update_config).toEqual({ parallelism: 1, delay: '10s', order: 'start-first', failure_action: 'rollback', monitor: '1m', max_failure_ratio: '0.1' });
    expect(r.rollback_config).toEqual({ parallelism: 2 });
    expect(r.task_spec).toMatchObject({
      placement: { constraints: ['node.role == manager'], prefs: ['node.labels.zone'] },
      restart_policy: { condition: 'on-failure', delay: '5s', max_attempts: 3, window: '2m' },
      resources: { limits: { nano_cpus: 500000000, memory_bytes: 134217728 }, reservation: { memory_bytes: 67108864 } },
      log_driver: { name: 'json-file', options: { 'max-size': '1m' } },
    });
    const cs = r.task_spec.container_spec;
    expect(cs).toMatchObject({
      mounts: [{ type: 'volume', target: '/data', source: 'agent-data' }, { type: 'tmpfs', target: '/tmp' }],
      healthcheck: { test: ['CMD', 'true'], interval: '1m', timeout: '3s' },
      secrets: [{ secret_id: expect.stringContaining('docker_secret.'), secret_name: 'db-password', file_name: 'db-password' }],
      configs: [{ config_id: expect.stringContaining('docker_config.'), config_name: 'app-conf', file_name: '/etc/app.conf' }],
      read_only: true,
      stop_grace_period: '30s',
    });
    expect(resourceNamed(JSON.stringify(doc), 'docker_secret', 'db-password').data).toBe('${base64encode(var.db_password)}');
    expect(doc.variable.db_password.sensitive).toBe(true);
  });

  test('the default service JSON is unchanged (replicated 1, no new attributes)', () => {
    const { stack, swarm, net } = swarmStack();
    new SwarmService(stack, 'web', { swarm, image: 'busybox', networks: [{ network: net }] });
    const r = resourceNamed(synth(stack), 'docker_service', 'web');
    expect(r.mode).toEqual({ replicated: { replicas: 1 } });
    for (const k of ['update_config', 'rollback_config', 'auth']) expect(r[k]).toBeUndefined();
    for (const k of ['placement', 'restart_policy', 'resources', 'log_driver']) expect(r.task_spec[k]).toBeUndefined();
  });

  test('registry credentials for the nodes come from sensitive variables', () => {
    const { stack, swarm, net } = swarmStack();
    new SwarmService(stack, 'web', { swarm, image: 'registry.example.com/app:1', networks: [{ network: net }], registryAuth: RegistryCredentials.fromVariables('registry.example.com', 'corp') });
    const r = resourceNamed(synth(stack), 'docker_service', 'web');
    expect(r.auth).toEqual({ server_address: 'registry.example.com', username: '${var.corp_registry_username}', password: '${var.corp_registry_password}' });
  });

  test('invalid deploy settings and literal secrets fail synth with the fix', () => {
    const { stack, swarm, net } = swarmStack();
    const literal = new SwarmSecret(stack, 'lit', { swarm, value: SecretValue.fromToken('hunter2') });
    new SwarmService(stack, 'bad', {
      swarm,
      image: 'busybox',
      networks: [{ network: net }],
      mode: ServiceMode.global(),
      replicas: 2,
      placement: { constraints: ['role=manager'] },
      updatePolicy: { maxFailureRatio: 0.25 },
      mounts: [Mount.bind('/', '/host')],
      secrets: [{ secret: literal }, { secret: literal }],
      configs: [],
    });
    new SwarmConfig(stack, 'neither', { swarm });
    const errors = synthErrors(stack).join('\n');
    for (const fragment of [
      /secret lit is literal text in the stack.*SecretValue.fromVariable/,
      /replicas has no meaning for a global service/,
      /placement constraint "role=manager" is not/,
      /updatePolicy.maxFailureRatio 0.25 is not between 0 and 1/,
      /bind mount of \/ gives the container the host's whole file system/,
      /two secrets or configs are mounted at lit/,
      /config neither needs exactly one of text and file/,
    ]) {
      expect(errors).toMatch(fragment);
    }
  });

  test('a replicated service via mode', () => {
    const { stack, swarm, net } = swarmStack();
    new SwarmService(stack, 'web', { swarm, image: 'busybox', networks: [{ network: net }], mode: ServiceMode.replicated(3) });
    expect(resourceNamed(synth(stack), 'docker_service', 'web').mode).toEqual({ replicated: { replicas: 3 } });
  });
});
