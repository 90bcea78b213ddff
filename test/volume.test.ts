import { Volume } from '../constructs';
import { volumeHostBind } from '../constructs/private/sensitive-paths';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Volume', () => {
  test('a docker_volume with driver, options and labels; the name is a reference', () => {
    const { stack } = newStack();
    const v = new Volume(stack, 'data', { driver: 'local', driverOptions: { type: 'tmpfs', device: 'tmpfs' }, labels: { a: 'b' } });
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
    new Volume(stack, 'root', { driverOptions: { type: 'none', o: 'bind', device: '/' } });
    new Volume(stack, 'run', { driver: 'local', driverOptions: { type: 'none', o: 'bind', device: '/var/run' } });
    new Volume(stack, 'ro-sock', { driverOptions: { type: 'none', o: 'bind,ro', device: '/run/docker.sock' } });
    new Volume(stack, 'srv', { driverOptions: { type: 'none', o: 'bind', device: '/srv/data' } });
    new Volume(stack, 'var-ro', { driverOptions: { type: 'none', o: 'bind,ro', device: '/var' } });
    new Volume(stack, 'allowed', { driverOptions: { type: 'none', o: 'bind', device: '/var/run' }, insecure: { sensitiveMounts: true } });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/root\] volume root binds the host path \/ \(its driver options: o with bind or rbind, device \/\), which gives a container the host's whole file system.*insecure: \{ sensitiveMounts: true \} on the Volume/),
      expect.stringMatching(/^\[test\/run\] volume run binds the host path \/var\/run .*runtime sockets/),
      expect.stringMatching(/^\[test\/ro-sock\] volume ro-sock binds the host path \/run\/docker.sock .*control of the Docker engine/),
    ]);
  });

  test('mounting such a volume is a bind mount of its path, in containers and in services', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const run = new Volume(stack, 'run', { driverOptions: { type: 'none', o: 'bind', device: '/var/run' }, insecure: { sensitiveMounts: true } });
    const srv = new Volume(stack, 'srv', { driverOptions: { type: 'none', o: 'bind', device: '/srv' } });
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
