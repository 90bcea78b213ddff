/**
 * Issue 21: bad input on the surfaces 0.2.0 added (volumes, health, order, limits, images, services, secrets), each
 * as a test. Crashes become synth errors, parsers return a value or say why, tokens pass with their unit
 * conversion, valid input is accepted, and what Docker or swarmkit would refuse at apply is refused at synth.
 */
import { dependable, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { BridgeNetwork, BuiltinNetwork, Container, DockerHost, RegistryCredentials, Duration, Mount, PullPolicy, Size, Volume } from '../constructs';
import * as path from 'path';
import { EndpointMode, Exposure, HealthCheck, HostEndpoint, HostInterface, TlsMaterial, OverlayNetwork, Port, SecretValue, ServiceMode, Swarm, SwarmConfig, SwarmSecret, SwarmService } from '../constructs';
import { composeStack, errorsOf } from './compose/helpers';
import { newStack, resourceNamed, synth, synthErrors } from './util';

const image = 'busybox:1.36';

function twoContainers() {
  const { stack, host } = newStack();
  const net = new BridgeNetwork(stack, 'net', {});
  const db = new Container(stack, 'db', { image, networks: [{ network: net }] });
  const web = new Container(stack, 'web', { image, networks: [{ network: net }], env: { A: '1' } });
  return { stack, host, net, db, web };
}

describe('crashes', () => {
  test('dependsOn(undefined) from plain JavaScript is a synth error naming the container', () => {
    const { stack, web } = twoContainers();
    (web as any).dependsOn(undefined);
    (web as any).dependsOn('db');
    expect(synthErrors(stack)).toEqual([
      '[test/web] dependsOn() was given undefined, not a Container: pass a Container of this stack, e.g. web.dependsOn(db)',
      '[test/web] dependsOn() was given the string "db", not a Container: pass a Container of this stack, e.g. web.dependsOn(db)',
    ]);
  });

  test('resource.dependsOn written by the stack (the way before 0.2.0) is merged with dependsOn()', () => {
    const { stack, db, web } = twoContainers();
    const other = new Container(stack, 'other', { image, networks: [{ network: web.networks[0] }] });
    web.resource.dependsOn = [dependable(db.resource)];
    web.dependsOn(other);
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'web').depends_on).toEqual([
      `docker_container.${other.resource.friendlyUniqueId}`,
      `docker_container.${db.resource.friendlyUniqueId}`,
    ]);
  });

  test('resource.dependsOn alone, and the same container twice, are written once', () => {
    const { stack, db, web } = twoContainers();
    web.resource.dependsOn = [dependable(db.resource)];
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'web').depends_on).toEqual([`docker_container.${db.resource.friendlyUniqueId}`]);
    web.dependsOn(db);
    expect(resourceNamed(synth(stack), 'docker_container', 'web').depends_on).toEqual([`docker_container.${db.resource.friendlyUniqueId}`]);
  });

  test('writes through container.resource to attributes the library renders are synth errors naming the API', () => {
    const { stack, web } = twoContainers();
    web.resource.env = ['B=2'];
    web.resource.networkMode = 'host';
    web.resource.putHost([{ host: 'x', ip: '10.0.0.1' }]);
    web.resource.putPorts([{ internal: 80 }]);
    web.resource.putNetworksAdvanced([{ name: 'other' }]);
    web.resource.addOverride('depends_on', ['docker_container.x']);
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/web\] env was written through container.resource, .*; use the env prop/),
      expect.stringMatching(/^\[test\/web\] network_mode was written .*; use BuiltinNetwork.host\(host\)/),
      expect.stringMatching(/^\[test\/web\] host was written .*; use the extraHosts prop/),
      expect.stringMatching(/^\[test\/web\] ports was written .*; use container.expose\(port/),
      expect.stringMatching(/^\[test\/web\] networks_advanced was written .*; use the networks prop or container.attach/),
      expect.stringMatching(/^\[test\/web\] depends_on was written .*; use container.dependsOn\(other\)/),
    ]);
  });

  test('other attributes stay open to the escape hatch', () => {
    const { stack, web } = twoContainers();
    web.resource.addOverride('gpus', 'all');
    web.resource.shmSize = 128;
    const c = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(c.gpus).toBe('all');
    expect(c.shm_size).toBe(128);
    expect(c.env).toEqual(['A=1']);
    expect(c.depends_on).toBeUndefined();
  });
});

describe('silently wrong', () => {
  test.each([
    ['1GiB', 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['512mib', 512 * 1024 ** 2],
    ['512m', 512 * 1024 ** 2],
    ['512 MB', 512 * 1024 ** 2],
    ['64KiB', 65536],
    ['2t', 2 * 1024 ** 4],
    ['1024', 1024],
    ['1024b', 1024],
  ])('Size.parse(%j) is Docker\'s (binary) size', (text, bytes) => {
    expect(Size.parse(text).bytes).toBe(bytes);
  });

  test.each(['lots', '1 GiBs', '', '-1m', '5ib', '1x'])('Size.parse(%j) says why instead of returning undefined', (text) => {
    expect(() => Size.parse(text)).toThrow(`size ${JSON.stringify(text)} is not a size; write it as Docker does, a number and a binary unit such as 512m, 512MiB, 1g or 1GiB`);
  });

  test.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['0', 0],
    ['2.5s', 2500],
  ])('Duration.parse(%j) is Go\'s duration', (text, ms) => {
    expect(Duration.parse(text).milliseconds).toBe(ms);
  });

  test.each(['30 seconds', 'ten seconds', '', '1d'])('Duration.parse(%j) says why instead of returning undefined', (text) => {
    expect(() => Duration.parse(text)).toThrow(`duration ${JSON.stringify(text)} is not a duration; write it in Go's notation as Docker does, e.g. 30s, 1m30s, 500ms or 1h`);
  });

  test('Size.parse and Duration.parse of a string token point to the factories that take number tokens', () => {
    const { stack } = newStack();
    const v = new TerraformVariable(stack, 's', { type: 'string' }).stringValue;
    expect(() => Size.parse(v)).toThrow('Size.parse() was given a token, whose text is known only to Terraform; pass a number token to a factory instead, e.g. Size.mebibytes(variable.numberValue)');
    expect(() => Duration.parse(v)).toThrow(/Duration.parse\(\) was given a token.*Duration.seconds\(variable.numberValue\)/);
  });

  test('a dependsOn timeout of 1.5 s is refused, not floored; an unknown condition is refused, not taken as started', () => {
    const { stack, db, web, net } = twoContainers();
    const other = new Container(stack, 'other', { image, networks: [{ network: net }] });
    web.dependsOn(db, { timeout: Duration.millis(1500) });
    other.dependsOn(db, { condition: 'ready' as any });
    expect(synthErrors(stack)).toEqual([
      '[test/web] dependsOn timeout 1.5s is not a whole number of seconds, which is all the provider takes; use Duration.seconds(n) (e.g. round 1.5s up)',
      "[test/other] dependsOn condition \"ready\" is not one of 'started', 'healthy', 'completed'; use one of those",
    ]);
  });

  describe('DNC_STRICT', () => {
    const saved = process.env.DNC_STRICT;
    afterEach(() => {
      if (saved === undefined) delete process.env.DNC_STRICT;
      else process.env.DNC_STRICT = saved;
    });
    function warned() {
      const { stack, net } = twoContainers();
      const c = new Container(stack, 'pub', { image, networks: [{ network: net }] });
      c.expose(Port.tcp(8080), Exposure.published({ hostInterface: HostInterface.allInterfaces() }));
      return stack;
    }
    test.each(['1', 'true', 'TRUE', 'yes', 'Yes', 'on'])('DNC_STRICT=%s is strict', (v) => {
      process.env.DNC_STRICT = v;
      expect(synthErrors(warned())).toEqual([expect.stringMatching(/published on every interface .*\(a warning, an error in strict mode\)$/)]);
    });
    test.each(['0', 'false', 'no', 'OFF', ''])('DNC_STRICT=%j is not', (v) => {
      process.env.DNC_STRICT = v;
      expect(synthErrors(warned())).toEqual([]);
    });
    test('an unknown value is an error, not silently lenient', () => {
      process.env.DNC_STRICT = 'maybe';
      expect(synthErrors(twoContainers().stack)).toEqual([
        '[test/host] the environment variable DNC_STRICT is "maybe", which is neither on (1, true, yes, on) nor off (0, false, no, off or unset); set it to one of those',
      ]);
    });
  });

  test("pullPolicy 'always' as text pulls always; an unknown text is refused", () => {
    const { stack, host, net } = twoContainers();
    const always = host.image('nginx:1.27', { pullPolicy: 'always' as any });
    new Container(stack, 'aa', { image: always, networks: [{ network: net }] });
    expect(Object.keys(JSON.parse(synth(stack)).data?.docker_registry_image ?? {})).toHaveLength(1);
    host.image('redis:7', { pullPolicy: 'sometimes' as any });
    expect(synthErrors(stack)).toEqual([
      '[test/host] pullPolicy "sometimes" is not a pull policy; use PullPolicy.MISSING, PullPolicy.ALWAYS or PullPolicy.NEVER',
    ]);
    expect(PullPolicy.ALWAYS.value).toBe('always');
  });

  test.each([
    ['', 'volume name "" is invalid'],
    ['bad name', 'volume name "bad name" is invalid'],
  ])('Volume.fromName(%j) is refused (Docker would create an anonymous volume, or fail)', (name, fragment) => {
    const { stack, web } = twoContainers();
    new Container(stack, 'vv', { image, networks: [{ network: web.networks[0] }], mounts: [Mount.volume(Volume.fromName(name), '/data')] });
    expect(synthErrors(stack)).toEqual([expect.stringContaining(`[test/vv] volume mount at /data: ${fragment}`)]);
  });
});

describe('tokens', () => {
  function withVariable() {
    const t = twoContainers();
    const v = new TerraformVariable(t.stack, 'n', { type: 'number' });
    return { ...t, v: v.numberValue };
  }

  test('a container memory limit, grace period and health interval from a variable: Terraform does the conversion', () => {
    const { stack, net, db, v } = withVariable();
    new Container(stack, 'mem', {
      image,
      networks: [{ network: net }],
      memory: Size.gibibytes(v),
      stopGracePeriod: Duration.minutes(v),
      healthCheck: HealthCheck.shell('true', { interval: Duration.seconds(v) }),
      mounts: [Mount.tmpfs('/tmp', { size: Size.mebibytes(v) })],
    });
    new Container(stack, 'mib', { image, networks: [{ network: net }], memory: Size.mebibytes(v), stopGracePeriod: Duration.seconds(v) });
    new Container(stack, 'byt', { image, networks: [{ network: net }], memory: Size.bytes(v), stopGracePeriod: Duration.millis(v) });
    db.dependsOn(new Container(stack, 'up', { image, networks: [{ network: net }], healthCheck: HealthCheck.shell('true') }), { condition: 'healthy', timeout: Duration.seconds(v) });
    const json = synth(stack);
    const mem = resourceNamed(json, 'docker_container', 'mem');
    expect(mem.memory).toBe('${(var.n * 1024)}');
    expect(mem.memory_swap).toBe('${(var.n * 1024)}');
    expect(mem.stop_timeout).toBe('${(var.n * 60)}');
    expect(mem.healthcheck.interval).toBe('${var.n}s');
    expect(mem.mounts[0].tmpfs_options.size_bytes).toBe('${(var.n * 1048576)}');
    const mib = resourceNamed(json, 'docker_container', 'mib');
    expect(mib.memory).toBe('${var.n}');
    expect(mib.stop_timeout).toBe('${var.n}');
    const byt = resourceNamed(json, 'docker_container', 'byt');
    expect(byt.memory).toBe('${floor((var.n / 1048576))}');
    expect(byt.stop_timeout).toBe('${ceil((var.n / 1000))}');
    expect(resourceNamed(json, 'docker_container', 'up').wait_timeout).toBe('${var.n}');
    expect(json).not.toMatch(/e\+\d{3}/);
  });

  test('a service limits.cpus token goes to nano_cpus times 1e9, memory and durations with their conversion', () => {
    const { stack, host, v } = withVariable();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const overlay = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.5.0/24' });
    new SwarmService(stack, 'svc', {
      swarm,
      image,
      networks: [{ network: overlay }],
      limits: { cpus: v, memory: Size.mebibytes(v) },
      stopGracePeriod: Duration.seconds(v),
      restartPolicy: { delay: Duration.seconds(v) },
    });
    const svc = resourceNamed(synth(stack), 'docker_service', 'svc');
    expect(svc.task_spec.resources.limits.nano_cpus).toBe('${(var.n * 1000000000)}');
    expect(svc.task_spec.resources.limits.memory_bytes).toBe('${(var.n * 1048576)}');
    expect(svc.task_spec.container_spec.stop_grace_period).toBe('${var.n}s');
    expect(svc.task_spec.restart_policy.delay).toBe('${var.n}s');
  });
});

describe('valid input accepted', () => {
  test('extraHosts host-gateway, IPC sysctls, TERM/sigterm, upper-case ulimit names', () => {
    const { stack, net } = twoContainers();
    new Container(stack, 'ok', {
      image,
      networks: [{ network: net }],
      extraHosts: { 'host.docker.internal': 'host-gateway' },
      sysctls: { 'kernel.shmmax': '68719476736', 'kernel.msgmax': '65536', 'kernel.sem': '250 32000 100 128', 'fs.mqueue.msg_max': '100', 'net.core.somaxconn': '1024' },
      stopSignal: 'TERM',
      ulimits: { NOFILE: { soft: 1024, hard: 4096 } },
    });
    new Container(stack, 'ok2', { image, networks: [{ network: net }], stopSignal: 'sigterm' });
    const json = synth(stack);
    const ok = resourceNamed(json, 'docker_container', 'ok');
    expect(ok.host).toEqual([{ host: 'host.docker.internal', ip: 'host-gateway' }]);
    expect(ok.stop_signal).toBe('SIGTERM');
    expect(ok.ulimit).toEqual([{ name: 'nofile', soft: 1024, hard: 4096 }]);
    expect(ok.sysctls['kernel.sem']).toBe('250 32000 100 128');
    expect(resourceNamed(json, 'docker_container', 'ok2').stop_signal).toBe('SIGTERM');
  });

  test('IPC sysctls are refused with the host IPC namespace', () => {
    const { stack, net } = twoContainers();
    new Container(stack, 'ipc', { image, networks: [{ network: net }], sysctls: { 'kernel.shmmax': '1' }, insecure: { hostIpc: true } });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/ipc\] sysctl kernel.shmmax would change the host's IPC settings/)]);
  });

  test('a literal CA (and client) certificate is taken; a literal key still is not', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const key = new TerraformVariable(newStack().stack, 'k', { type: 'string', sensitive: true });
    const { stack } = newStack({ endpoint: HostEndpoint.tcp('tcp://10.0.0.2:2376', { tls: TlsMaterial.fromValues({ ca: cert, cert, key: key.stringValue }) }) });
    expect(synthErrors(stack)).toEqual([]);
    const bad = newStack({ endpoint: HostEndpoint.tcp('tcp://10.0.0.2:2376', { tls: TlsMaterial.fromValues({ ca: cert, cert: 'not a cert', key: '-----BEGIN PRIVATE KEY-----' }) }) });
    expect(synthErrors(bad.stack)).toEqual([
      expect.stringMatching(/^\[test\/host\] tls.cert is literal text but not a PEM certificate/),
      expect.stringMatching(/^\[test\/host\] tls.key looks like PEM key material/),
    ]);
  });
});

describe('accepted before, failing at apply: containers', () => {
  test.each([false, true])('a cycle through a docker0 link and dependsOn is found whatever the declaration order (reversed %s)', (reversed) => {
    const { stack, host } = newStack();
    const bridge = BuiltinNetwork.bridge(host);
    const opts = { image, networks: [{ network: bridge }], insecure: { defaultBridge: true } };
    const [a, b] = reversed ? [new Container(stack, 'bb', opts), new Container(stack, 'aa', opts)].reverse() : [new Container(stack, 'aa', opts), new Container(stack, 'bb', opts)];
    if (reversed) {
      b.linkTo(a); // bb reads aa's address; aa waits for bb
      a.dependsOn(b);
    } else {
      a.linkTo(b);
      b.dependsOn(a);
    }
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/aa\] dependsOn and links aa -> bb -> aa form a cycle/)]);
  });

  test('dependsOn a container of another stack', () => {
    const app = Testing.app();
    const one = new TerraformStack(app, 'one');
    const two = new TerraformStack(app, 'two');
    const n1 = new BridgeNetwork(one, 'net', {});
    new DockerHost(one, 'host');
    new DockerHost(two, 'host');
    const n2 = new BridgeNetwork(two, 'net', {});
    const db = new Container(one, 'db', { image, networks: [{ network: n1 }] });
    new Container(two, 'web', { image, networks: [{ network: n2 }] }).dependsOn(db);
    expect(synthErrors(two)).toEqual([expect.stringMatching(/^\[two\/web\] the container depends on one\/db, a container of stack one: Terraform's depends_on cannot reach into another stack/)]);
  });

  test('mounts at /, /data twice, relative workingDir, user with a space, cpus below 0.01, unknown ulimit and signal, a duration beyond Go', () => {
    const { stack, net } = twoContainers();
    new Container(stack, 'bad', {
      image,
      networks: [{ network: net }],
      mounts: [Mount.tmpfs('/'), Mount.tmpfs('/data'), Mount.volume(Volume.fromName('vol'), '/data/')],
      workingDir: 'app',
      user: 'app user',
      cpus: 0.001,
      ulimits: { nofiles: { soft: 1 } },
      stopSignal: 'SIGFOO',
      healthCheck: HealthCheck.shell('true', { interval: Duration.hours(1e9) }),
    });
    expect(synthErrors(stack)).toEqual([
      `[test/bad] a tmpfs mount at / would replace the container's root file system, which Docker refuses ("destination can't be '/'"); mount it at a directory such as /data`,
      '[test/bad] two mounts share the container path /data; Docker rejects "Duplicate mount point": give each its own target',
      '[test/bad] healthCheck.interval 3600000000000000 is not a usable duration; use a positive Duration such as Duration.seconds(10) (at least 1ms)',
      '[test/bad] workingDir "app" is not an absolute container path; write it like /data',
      '[test/bad] user "app user" is not user, uid, user:group or uid:gid (no spaces); write it like 1000:1000 or app',
      '[test/bad] stopSignal "SIGFOO" is not a signal Docker knows; write it like SIGTERM, SIGINT, SIGQUIT or SIGRTMIN+3 (or a number from 1 to 64)',
      "[test/bad] cpus 0.001 is below Docker's minimum of 0.01 CPUs; give at least 0.01",
      expect.stringMatching(/^\[test\/bad\] ulimit "nofiles": is not a ulimit name; use one of core, cpu, .*, nofile,/),
    ]);
  });

  test('an empty image through host.image(""), registry addresses with _ or empty', () => {
    const { stack, net } = twoContainers();
    const { host: h2 } = { host: DockerHost.of(stack) };
    new Container(stack, 'img', { image: h2.image(''), networks: [{ network: net }] });
    const other = newStack({ registries: [RegistryCredentials.fromEnvironment('my_registry.example.com'), RegistryCredentials.fromEnvironment('')] });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/host\] host.image\(\) was given an empty image name; name one/)]);
    expect(synthErrors(other.stack)).toEqual([
      '[test/host] registry address "my_registry.example.com" is not a registry host (a DNS name without "_", or [IPv6], with an optional :port); write it like registry.example.com:5000 or ghcr.io',
      '[test/host] registry address "" is not a registry host (a DNS name without "_", or [IPv6], with an optional :port); write it like registry.example.com:5000 or ghcr.io',
    ]);
  });

  test('a stack variable named like one the library generates', () => {
    const { stack } = newStack({ registries: [RegistryCredentials.fromVariables('ghcr.io', 'gh')] });
    new TerraformVariable(stack, 'gh_registry_password', { type: 'string' });
    expect(synthErrors(stack)).toEqual([expect.stringMatching(/^\[test\/host\] the Terraform variable gh_registry_password is declared 2 times \(test\/host\/gh_registry_password, test\/gh_registry_password\)/)]);
  });
});

describe('accepted before, failing at apply: swarm services, secrets and configs', () => {
  function swarmStack() {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const overlay = new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.5.0/24' });
    return { stack, host, swarm, networks: [{ network: overlay }] };
  }

  test("swarmkit's limits: negative durations, NaN window, tiny cpus and memory, reservation above limit, enums from plain JavaScript", () => {
    const { stack, swarm, networks } = swarmStack();
    new SwarmService(stack, 'svc', {
      swarm,
      image,
      networks,
      restartPolicy: { delay: Duration.seconds(-1), window: Duration.seconds(NaN), condition: 'sometimes' as any },
      stopGracePeriod: Duration.seconds(-5),
      limits: { cpus: 0.0001, memory: Size.mebibytes(2) },
      reservations: { cpus: 1, memory: Size.mebibytes(64) },
      updatePolicy: { failureAction: 'explode' as any, order: 'random' as any },
      logging: { driver: '', options: { 'max-size': '10m' } },
    });
    expect(synthErrors(stack)).toEqual([
      "[test/svc] updatePolicy.failureAction \"explode\" is not one of 'pause', 'continue', 'rollback'; use one of those",
      "[test/svc] updatePolicy.order \"random\" is not one of 'stop-first', 'start-first'; use one of those",
      "[test/svc] restartPolicy.condition \"sometimes\" is not one of 'none', 'on-failure', 'any'; use one of those",
      '[test/svc] restartPolicy.delay -1000 is not a usable duration; use a positive Duration such as Duration.seconds(10) (at least 1ms)',
      '[test/svc] restartPolicy.window NaN is not a usable duration; use a positive Duration such as Duration.seconds(10) (at least 1ms)',
      '[test/svc] stopGracePeriod -5000 is not a usable duration; use a positive Duration such as Duration.seconds(10) (at least 1ms)',
      "[test/svc] limits.cpus 0.0001 is below swarm's minimum of 0.001 CPUs; give at least 0.001",
      "[test/svc] limits.memory 2 MiB is below swarm's minimum of 4 MiB; give at least Size.mebibytes(4)",
      '[test/svc] reservations.cpus 1 is above limits.cpus 0.0001, so no task could ever be scheduled; reserve at most the limit',
      '[test/svc] reservations.memory 64 MiB is above limits.memory 2 MiB, so no task could ever be scheduled; reserve at most the limit',
      "[test/svc] logging options are set without a driver; set logging.driver too, e.g. 'json-file'",
    ]);
  });

  test('maxReplicasPerNode with global mode; constraints that can never match', () => {
    const { stack, swarm, networks } = swarmStack();
    new SwarmService(stack, 'glob', {
      swarm,
      image,
      networks,
      endpointMode: EndpointMode.DNSRR,
      mode: ServiceMode.global(),
      placement: { maxReplicasPerNode: 1, constraints: ['node.rolee == manager', 'node.role == boss', 'node.labels.zone == a', 'node.role != worker'] },
    });
    expect(synthErrors(stack)).toEqual([
      '[test/glob] placement constraint "node.rolee == manager" names node.rolee, which is no node attribute, so no node ever matches; use one of node.id, node.hostname, node.role, node.platform.os, node.platform.arch, node.ip, node.labels.<name>, engine.labels.<name>',
      '[test/glob] placement constraint "node.role == boss" compares node.role with "boss", but a node is a manager or a worker; write node.role == manager or node.role == worker',
      '[test/glob] placement.maxReplicasPerNode has no meaning for a global service (one task per node), and swarm refuses it; drop it or use ServiceMode.replicated()',
    ]);
  });

  test('a secret of another swarm, an invalid variable name, negative mode, two files at one target, empty and oversized configs', () => {
    const { stack, host, swarm, networks } = swarmStack();
    const other = new Swarm(stack, 'other', { manager: host });
    const foreign = new SwarmSecret(stack, 'foreign', { swarm: other, value: SecretValue.fromVariable('api_token') });
    const badVar = new SwarmSecret(stack, 'badvar', { swarm, value: SecretValue.fromVariable('api token') });
    const c1 = new SwarmConfig(stack, 'c1', { swarm, text: 'a=1' });
    const c2 = new SwarmConfig(stack, 'c2', { swarm, text: 'b=2' });
    new SwarmConfig(stack, 'empty', { swarm, text: '' });
    new SwarmConfig(stack, 'huge', { swarm, text: 'x'.repeat(600 * 1024) });
    new SwarmService(stack, 'svc', {
      swarm,
      image,
      networks,
      endpointMode: EndpointMode.DNSRR,
      secrets: [{ secret: foreign }, { secret: badVar, mode: -1 }],
      configs: [{ config: c1, fileName: '/etc/app.conf' }, { config: c2, fileName: '/etc/app.conf' }],
    });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/badvar\] SecretValue.fromVariable\("api token"\): Terraform variable names take letters/),
      '[test/empty] config empty has empty text, which swarm refuses; give it content, or drop the config',
      "[test/huge] config huge is 614400 bytes, above swarm's limit of 512000 bytes (500 KiB); split it, or mount a volume instead",
      '[test/svc] two secrets or configs are mounted at /etc/app.conf; give each its own fileName',
      '[test/svc] file mode -1 is not a permission mode from 0 to 0o777; write it in octal like 0o440',
      '[test/svc] test/foreign belongs to swarm test/other, not to this service\'s swarm test/swarm; secrets and configs live in one swarm: create it in test/swarm',
    ]);
  });

  test('SecretValue.fromFile and SwarmConfig file with a relative path are read from the directory synth runs in', () => {
    const { stack, swarm } = swarmStack();
    new SwarmSecret(stack, 'rel', { swarm, value: SecretValue.fromFile('keys/api') });
    new SwarmConfig(stack, 'relc', { swarm, file: 'conf/app.conf' });
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_secret', 'rel').data).toBe(`\${filebase64("${path.resolve('keys/api')}")}`);
    expect(resourceNamed(json, 'docker_config', 'relc').data).toBe(`\${filebase64("${path.resolve('conf/app.conf')}")}`);
  });
});

describe('unclear messages', () => {
  test('a volume of another host is named by its construct path, not a token', () => {
    const { stack, net, host } = twoContainers();
    const h2 = new DockerHost(stack, 'h2', { alias: 'two' });
    const vol = new Volume(stack, 'vol', { host: h2 });
    new Container(stack, 'vv', { image, host, networks: [{ network: net }], mounts: [Mount.volume(vol, '/data')] });
    const errors = synthErrors(stack).filter((e) => e.startsWith('[test/vv]'));
    expect(errors).toEqual([expect.stringMatching(/^\[test\/vv\] volume test\/vol lives on Docker host two/)]);
    expect(errors.join()).not.toMatch(/TfToken/);
  });

  test('an environment variable with an empty name shows ""', () => {
    const { stack, net } = twoContainers();
    new Container(stack, 'ee', { image, networks: [{ network: net }], env: { '': 'x' } });
    expect(synthErrors(stack)).toEqual(['[test/ee] environment variable "" has an empty name; Docker fails at apply: give it a name']);
  });

  test('replicas NaN shows the value and where it was given', () => {
    const { stack, swarm, networks } = (() => {
      const { stack, host } = newStack();
      const swarm = new Swarm(stack, 'swarm', { manager: host });
      return { stack, swarm, networks: [{ network: new OverlayNetwork(stack, 'ov', { swarm, subnet: '172.16.5.0/24' }) }] };
    })();
    new SwarmService(stack, 'svc', { swarm, image, networks, endpointMode: EndpointMode.DNSRR, mode: ServiceMode.replicated(NaN) });
    expect(synthErrors(stack)).toEqual(['[test/svc] replicas NaN (given in ServiceMode.replicated()) is not a whole number of tasks; use 0 or more, e.g. 2']);
  });
});

describe('through Compose', () => {
  test('extra_hosts host-gateway, an IPC sysctl and stop_signal TERM are accepted', () => {
    const { stack } = composeStack(
      'name: p\nservices:\n  app:\n    image: busybox:1.36\n    extra_hosts: ["host.docker.internal:host-gateway"]\n    sysctls: { kernel.shmmax: "1024" }\n    stop_signal: TERM\n',
    );
    const errors = errorsOf(stack);
    expect(errors.filter((e) => /host-gateway|kernel.shmmax|stopSignal/.test(e))).toEqual([]);
  });
});
