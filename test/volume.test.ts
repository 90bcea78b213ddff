import { RemovalPolicy, Volume } from '../constructs';
import { volumeHostBind } from '../constructs/private/sensitive-paths';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Volume', () => {
  test('a docker_volume with driver, options and labels; the name is a reference', () => {
    const { stack } = newStack();
    const v = new Volume(stack, 'data', { driver: 'local', driverOptions: { type: 'tmpfs', device: 'tmpfs' }, labels: { a: 'b' }, removalPolicy: RemovalPolicy.DESTROY });
    expect(v.volumeName).toMatch(/\$\{TfToken/);
    expect(resourceNamed(synth(stack), 'docker_volume', 'data')).toMatchObject({ driver: 'local', driver_opts: { type: 'tmpfs', device: 'tmpfs' }, labels: expect.arrayContaining([{ label: 'a', value: 'b' }, { label: 'docker-network-cdktf/path', value: 'data' }]) });
  });

  test('fromName creates nothing and has no host', () => {
    expect(Volume.fromName('x')).toEqual({ volumeName: 'x' });
  });

  test('volume names are checked and unique per host', () => {
    const { stack } = newStack();
    new Volume(stack, 'a', { name: 'data' });
    new Volume(stack, 'b', { name: 'data' });
    new Volume(stack, 'c', { name: '-bad' });
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/volume name "data" is used twice/);
    expect(errors).toMatch(/volume name "-bad" is invalid/);
  });
});

describe('RemovalPolicy: destroy keeps a volume and its data unless the stack says DESTROY (issue 19)', () => {
  const { BridgeNetwork, Container, Mount } = jest.requireActual('../constructs');

  test('RETAIN (the default): no docker_volume, the mount names the volume, and Terraform forgets a 0.2 docker_volume instead of destroying it', () => {
    const { stack } = newStack();
    const v = new Volume(stack, 'data', { name: 'app-data' });
    expect(v.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(v.resource).toBeUndefined();
    expect(v.volumeName).toBe('app-data');
    new Container(stack, 'db', { image: 'busybox', networks: [{ network: new BridgeNetwork(stack, 'net') }], mounts: [Mount.volume(v, '/data')] });
    const json = JSON.parse(synth(stack));
    expect(json.resource.docker_volume).toBeUndefined();
    expect(Object.values<any>(json.resource.docker_container)[0].mounts).toEqual([{ type: 'volume', source: 'app-data', target: '/data' }]);
    // The address 0.2 gave the docker_volume of this construct (same path, same logical id).
    const old = newStack();
    new Volume(old.stack, 'data', { name: 'app-data', removalPolicy: RemovalPolicy.DESTROY });
    const address = `docker_volume.${Object.keys(JSON.parse(synth(old.stack)).resource.docker_volume)[0]}`;
    expect(json.removed).toEqual([{ from: address, lifecycle: { destroy: false } }]);
  });

  test('one removed block per retained volume of the stack; none for DESTROY', () => {
    const { stack } = newStack();
    new Volume(stack, 'aa');
    new Volume(stack, 'bb');
    new Volume(stack, 'cc', { removalPolicy: RemovalPolicy.DESTROY });
    const json = JSON.parse(synth(stack));
    expect(json.removed.map((r: any) => r.from)).toEqual([expect.stringMatching(/^docker_volume\.aa_volume_/), expect.stringMatching(/^docker_volume\.bb_volume_/)]);
    expect(Object.values<any>(json.resource.docker_volume).map((r) => r.name)).toEqual(['cc']);
  });

  test('RETAIN with a driver, driver options or labels fails synth with the three ways out', () => {
    const { stack } = newStack();
    new Volume(stack, 'tmp', { driver: 'local', driverOptions: { type: 'tmpfs', device: 'tmpfs' } });
    new Volume(stack, 'tagged', { labels: { backup: 'nightly' } });
    expect(synthErrors(stack)).toEqual([
      '[test/tmp] volume tmp keeps its data on destroy (removalPolicy RETAIN, the default), so the engine creates it and it cannot take driver, driverOptions: ' +
        'only a docker_volume can, and destroy removes a docker_volume with its data. Choose one: removalPolicy: RemovalPolicy.DESTROY (removed with the stack, ' +
        "as docker compose down -v), or leave out driver, driverOptions, or create the volume outside the stack and mount it with Volume.fromName('tmp')",
      expect.stringMatching(/^\[test\/tagged\] volume tagged keeps its data on destroy .* cannot take labels: /),
    ]);
  });
});

describe('Volume with the local driver bind options (issue 17)', () => {
  const { BridgeNetwork, Container, Mount, SwarmService, Swarm, OverlayNetwork } = jest.requireActual('../constructs');

  test.each([
    [undefined, { type: 'none', o: 'bind', device: '/' }, { path: '/', readOnly: false }],
    ['local', { type: 'none', o: 'rbind', device: '/var/run' }, { path: '/var/run', readOnly: false }],
    ['local', { type: 'none', o: 'bind,ro', device: '/srv' }, { path: '/srv', readOnly: true }],
    ['local', { o: 'ro, bind', device: '/srv' }, { path: '/srv', readOnly: true }],
    ['local', { type: 'tmpfs', device: 'tmpfs' }, undefined],
    ['local', { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' }, undefined],
    ['rexray', { o: 'bind', device: '/' }, undefined],
  ])('driver %s with %j binds %j', (driver, opts, expected) => {
    expect(volumeHostBind(driver, opts)).toEqual(expected);
  });

  test('declaring a volume that binds a sensitive host path fails synth; insecure opts out', () => {
    const { stack } = newStack();
    new Volume(stack, 'root', { driverOptions: { type: 'none', o: 'bind', device: '/' }, removalPolicy: RemovalPolicy.DESTROY });
    new Volume(stack, 'run', { driver: 'local', driverOptions: { type: 'none', o: 'bind', device: '/var/run' }, removalPolicy: RemovalPolicy.DESTROY });
    new Volume(stack, 'ro-sock', { driverOptions: { type: 'none', o: 'bind,ro', device: '/run/docker.sock' }, removalPolicy: RemovalPolicy.DESTROY });
    new Volume(stack, 'srv', { driverOptions: { type: 'none', o: 'bind', device: '/srv/data' }, removalPolicy: RemovalPolicy.DESTROY });
    new Volume(stack, 'var-ro', { driverOptions: { type: 'none', o: 'bind,ro', device: '/var' }, removalPolicy: RemovalPolicy.DESTROY });
    new Volume(stack, 'allowed', { driverOptions: { type: 'none', o: 'bind', device: '/var/run' }, insecure: { sensitiveMounts: true }, removalPolicy: RemovalPolicy.DESTROY });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/root\] volume root binds the host path \/ \(its driver options: o with bind or rbind, device \/\), which gives a container the host's whole file system.*insecure: \{ sensitiveMounts: true \} on the Volume/),
      expect.stringMatching(/^\[test\/run\] volume run binds the host path \/var\/run .*runtime sockets/),
      expect.stringMatching(/^\[test\/ro-sock\] volume ro-sock binds the host path \/run\/docker.sock .*control of the Docker engine/),
    ]);
  });

  test('mounting such a volume is a bind mount of its path, in containers and in services', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const run = new Volume(stack, 'run', { driverOptions: { type: 'none', o: 'bind', device: '/var/run' }, insecure: { sensitiveMounts: true }, removalPolicy: RemovalPolicy.DESTROY });
    const srv = new Volume(stack, 'srv', { driverOptions: { type: 'none', o: 'bind', device: '/srv' }, removalPolicy: RemovalPolicy.DESTROY });
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }], mounts: [Mount.volume(run, '/r', { readOnly: true }), Mount.volume(srv, '/srv')] });
    new Container(stack, 'agent', { image: 'busybox', networks: [{ network: net }], mounts: [Mount.volume(run, '/r')], insecure: { sensitiveMounts: true } });
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const overlay = new OverlayNetwork(stack, 'overlay', { swarm, subnet: '172.16.9.0/24' });
    new SwarmService(stack, 'svc', { swarm, image: 'busybox', networks: [{ network: overlay }], mounts: [Mount.volume(run, '/r')] });
    new SwarmService(stack, 'svc-ok', { swarm, image: 'busybox', networks: [{ network: overlay }], mounts: [Mount.volume(run, '/r')], insecureSensitiveMounts: true });
    const errors = synthErrors(stack).filter((e) => /binds the host path/.test(e));
    expect(errors).toEqual([
      expect.stringMatching(/^\[test\/app\] volume test\/run binds the host path \/var\/run .*runtime sockets.*insecure: \{ sensitiveMounts: true \} on this container or service/),
      expect.stringMatching(/^\[test\/svc\] volume test\/run binds the host path \/var\/run/),
    ]);
  });
});
