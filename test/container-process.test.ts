import { Token } from 'cdktf';
import { BridgeNetwork, BuiltinNetwork, Container, Duration, HealthCheck, Port, RestartPolicy, Size } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Container runtime settings', () => {
  test('process, limits, logging and DNS as the provider reads them back', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'app', {
      image: 'busybox',
      networks: [{ network: net }],
      entrypoint: ['/bin/sh', '-c'],
      user: '1000:1000',
      workingDir: '/app',
      init: true,
      stopSignal: 'SIGINT',
      stopGracePeriod: Duration.seconds(20),
      readOnlyRootFilesystem: true,
      memory: Size.mebibytes(128),
      cpus: 1,
      ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 256 } },
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
      restart: RestartPolicy.ON_FAILURE,
      restartMaxRetries: 5,
      dns: ['10.0.0.2'],
      dnsSearch: ['corp.example'],
      dnsOptions: ['ndots:2'],
    });
    const r = resourceNamed(synth(stack), 'docker_container', 'app');
    expect(r).toMatchObject({
      entrypoint: ['/bin/sh', '-c'],
      user: '1000:1000',
      working_dir: '/app',
      init: true,
      stop_signal: 'SIGINT',
      stop_timeout: 20,
      destroy_grace_seconds: 20,
      read_only: true,
      memory: 128,
      memory_swap: 128,
      cpu_period: 100000, // cpus: 1 on 3.6.2 (quirk container-cpus)
      cpu_quota: 100000,
      ulimit: [
        { name: 'nofile', soft: 1024, hard: 4096 },
        { name: 'nproc', soft: 256, hard: 256 },
      ],
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      log_driver: 'json-file',
      log_opts: { 'max-size': '10m' },
      restart: 'on-failure',
      max_retry_count: 5,
      dns: ['10.0.0.2'],
      dns_search: ['corp.example'],
      dns_opts: ['ndots:2'],
    });
  });

  test('nothing new is written when no runtime prop is given', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'plain', { image: 'busybox', networks: [{ network: net }] });
    const r = resourceNamed(synth(stack), 'docker_container', 'plain');
    for (const k of ['mounts', 'healthcheck', 'read_only', 'memory', 'init', 'dns', 'host', 'log_driver', 'wait', 'depends_on']) expect(r[k]).toBeUndefined();
  });

  test('cpus renders as the provider reads it back', () => {
    const { cpusText } = jest.requireActual('../constructs/container-process');
    expect([cpusText(0.5), cpusText(2), cpusText(1.25)]).toEqual(['0.5', '2.0', '1.25']);
  });

  test('invalid values fail synth, all at once, with the fix', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'bad', {
      image: 'busybox',
      networks: [{ network: net }],
      memory: Size.bytes(1000),
      cpus: -1,
      ulimits: { nofile: { soft: 10, hard: 5 } },
      sysctls: { 'kernel.core_pattern': '1' },
      stopSignal: 'SIGTERMX',
      stopGracePeriod: Duration.millis(1500),
      restartMaxRetries: 3,
      dns: ['dns.example'],
      extraHosts: { 'bad name': '10.0.0.1', ok: 'nowhere' },
    });
    const errors = synthErrors(stack).join('\n');
    for (const fragment of [
      /memory 1000 bytes is not a whole number of MiB.*Size.mebibytes\(6\)/,
      /cpus -1 is not a positive number/,
      /ulimit nofile: soft 10 is above hard 5/,
      /sysctl kernel.core_pattern is not namespaced/,
      /stopSignal "SIGTERMX" is not a signal Docker knows; write it like SIGTERM/,
      /stopGracePeriod 1.5s \(whole seconds only\)/,
      /restartMaxRetries only applies with RestartPolicy.ON_FAILURE, not no/,
      /dns server "dns.example" is not an IP address/,
      /extra host name "bad name" is not a host name/,
      /extra host ok -> "nowhere" is not an IP address/,
    ]) {
      expect(errors).toMatch(fragment);
    }
  });

  test('tokens pass through the checks', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'tok', {
      image: 'busybox',
      networks: [{ network: net }],
      user: Token.asString({ Ref: 'u' }),
      dns: [Token.asString({ Ref: 'dns' })],
      extraHosts: { db: Token.asString({ Ref: 'ip' }) },
      cpus: Token.asNumber({ Ref: 'cpus' }),
    });
    expect(synthErrors(stack)).toEqual([]);
  });
});

describe('Container health and order', () => {
  test('health check durations are written as Go prints them', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'db', {
      image: 'busybox',
      networks: [{ network: net }],
      healthCheck: HealthCheck.shell('test -f /data/ready', { interval: Duration.seconds(90), timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.minutes(1) }),
    });
    expect(resourceNamed(synth(stack), 'docker_container', 'db').healthcheck).toEqual({
      test: ['CMD-SHELL', 'test -f /data/ready'],
      interval: '1m30s',
      timeout: '5s',
      retries: 3,
      start_period: '1m0s',
    });
  });

  test("dependsOn orders by resource; 'healthy' makes the provider wait on the other", () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: net }], healthCheck: HealthCheck.command(['true']) });
    const cache = new Container(stack, 'cache', { image: 'busybox', networks: [{ network: net }] });
    const app = new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }] });
    app.dependsOn(db, { condition: 'healthy', timeout: Duration.minutes(2) }).dependsOn(cache).dependsOn(cache);
    const json = synth(stack);
    const a = resourceNamed(json, 'docker_container', 'app');
    expect(a.depends_on).toEqual([expect.stringMatching(/^docker_container\.db_container_\w+$/), expect.stringMatching(/^docker_container\.cache_container_\w+$/)]);
    expect(resourceNamed(json, 'docker_container', 'db')).toMatchObject({ wait: true, wait_timeout: 120 });
    expect(resourceNamed(json, 'docker_container', 'cache').wait).toBeUndefined();
  });

  test("'healthy' on a container without a health check, and on itself, fail synth", () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: net }] });
    const app = new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }] });
    app.dependsOn(db, { condition: 'healthy' }).dependsOn(app);
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/\[test\/app\] the container waits for db to be healthy, but db has no health check/);
    expect(errors).toMatch(/depends on itself/);
  });
});

describe('one-shot jobs (runToCompletion)', () => {
  test("a job is attached, need not keep running, must exit 0; 'completed' waits for it; no network drift check for it", () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const job = new Container(stack, 'migrate', { image: 'busybox', networks: [{ network: net }], command: ['true'], runToCompletion: true });
    const app = new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }] });
    app.dependsOn(job, { condition: 'completed' });
    expect(job.runsToCompletion).toBe(true);
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'migrate')).toMatchObject({ attach: true, must_run: false, lifecycle: { postcondition: [{ condition: '${self.exit_code == 0}' }] } });
    expect(resourceNamed(json, 'docker_container', 'app').depends_on).toEqual([expect.stringMatching(/^docker_container\.migrate_container_\w+$/)]);
    expect(JSON.stringify(JSON.parse(json).locals)).not.toMatch(/migrate_container/);
  });

  test("a job that restarts, and 'completed' on a long-running container, fail synth with the fix", () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'job', { image: 'busybox', networks: [{ network: net }], runToCompletion: true, restart: RestartPolicy.ALWAYS });
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: net }] });
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }] }).dependsOn(db, { condition: 'completed' });
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/\[test\/job\] runToCompletion is a one-shot job, but its restart policy is always/);
    expect(errors).toMatch(/\[test\/app\] the container waits for db to complete, but db is a long-running container; give db runToCompletion: true/);
  });
});

test('a dependsOn added after a first validation is seen by the next (cycles are cached per host)', () => {
  const { stack } = newStack();
  const net = new BridgeNetwork(stack, 'net', { subnet: '10.9.0.0/24' });
  const a = new Container(stack, 'a1', { image: 'busybox', networks: [{ network: net }] });
  const b = new Container(stack, 'b1', { image: 'busybox', networks: [{ network: net }] });
  a.dependsOn(b);
  expect(synthErrors(stack).join('\n')).not.toMatch(/cycle/);
  b.dependsOn(a);
  expect(synthErrors(stack).join('\n')).toMatch(/dependsOn and links a1 -> b1 -> a1 form a cycle/);
});

test('dependsOn cycles fail synth; dependsOn merges with the library ordering edges', () => {
  const { stack } = newStack();
  const net = new BridgeNetwork(stack, 'net', { subnet: '10.9.0.0/24' });
  const a = new Container(stack, 'a1', { image: 'busybox', networks: [{ network: net }] });
  const b = new Container(stack, 'b1', { image: 'busybox', networks: [{ network: net }] });
  a.dependsOn(b);
  b.dependsOn(a);
  expect(synthErrors(stack).join('\n')).toMatch(/dependsOn and links a1 -> b1 -> a1 form a cycle/);

  const s2 = newStack();
  const n2 = new BridgeNetwork(s2.stack, 'net', { subnet: '10.9.0.0/24' }); // no ipRange: static containers first
  const fixed = new Container(s2.stack, 'fixed', { image: 'busybox', networks: [{ network: n2, ipv4Address: '10.9.0.10' }] });
  const other = new Container(s2.stack, 'other', { image: 'busybox', networks: [{ network: n2 }] });
  const dyn = new Container(s2.stack, 'dyn', { image: 'busybox', networks: [{ network: n2 }] });
  dyn.dependsOn(other);
  const json = synth(s2.stack);
  expect(resourceNamed(json, 'docker_container', 'dyn').depends_on).toEqual([
    expect.stringMatching(/^docker_container\.other_container_/),
    expect.stringMatching(/^docker_container\.fixed_container_/),
  ]);
  expect(fixed.containerName).toBe('fixed');
});

describe('Container hosts entries and links', () => {
  test('extra hosts survive attach() and linkTo(), merged with link entries on docker0', () => {
    const { stack, host } = newStack();
    const docker0 = BuiltinNetwork.bridge(host);
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    const web = new Container(stack, 'web', { image: 'busybox', extraHosts: { 'metrics.internal': '10.9.0.5' }, insecure: { defaultBridge: true } });
    web.attach(docker0);
    web.linkTo(db, { alias: 'database' });
    const r = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(r.host).toEqual([
      { host: 'metrics.internal', ip: '10.9.0.5' },
      { host: 'database', ip: expect.stringContaining('docker_container.db_container') },
    ]);
  });

  test('the escape hatch survives attach() and linkTo()', () => {
    const { stack, host } = newStack();
    const docker0 = BuiltinNetwork.bridge(host);
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    const web = new Container(stack, 'web', { image: 'busybox', insecure: { defaultBridge: true } });
    web.resource.shmSize = 128;
    web.resource.addOverride('gpus', 'all');
    web.attach(docker0).linkTo(db, { alias: 'database' });
    const r = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(r).toMatchObject({ shm_size: 128, gpus: 'all', host: [{ host: 'database' }] });
  });

  test('link variables default to the ports the target exposes; expose() is allowed on docker0', () => {
    const { stack, host } = newStack();
    const docker0 = BuiltinNetwork.bridge(host);
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    db.expose(Port.tcp(5432));
    const web = new Container(stack, 'web', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    web.linkTo(db, { alias: 'database', environment: true });
    const r = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(r.env).toEqual(expect.arrayContaining([expect.stringMatching(/^DATABASE_PORT_5432_TCP_PORT=5432$/), expect.stringMatching(/^DATABASE_PORT=tcp:\/\/.*:5432$/)]));
    expect(resourceNamed(synth(stack), 'docker_container', 'db').ports).toBeUndefined();
  });

  test('an extra host that is also a link alias is refused', () => {
    const { stack, host } = newStack();
    const docker0 = BuiltinNetwork.bridge(host);
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    const web = new Container(stack, 'web', { image: 'busybox', networks: [{ network: docker0 }], extraHosts: { database: '10.0.0.1' }, insecure: { defaultBridge: true } });
    web.linkTo(db, { alias: 'database' });
    expect(synthErrors(stack).join('\n')).toMatch(/extra host database is also the alias of a link/);
  });
});
