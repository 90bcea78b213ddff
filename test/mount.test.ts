import { BridgeNetwork, Container, Mount, Size, Volume } from '../constructs';
import { sensitiveBindReason } from '../constructs/mount';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Mount', () => {
  test('a volume by reference, a read-only bind and a tmpfs', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const data = new Volume(stack, 'data', { name: 'app-data', labels: { tier: 'store' }, driverOptions: { type: 'tmpfs', device: 'tmpfs' } });
    new Container(stack, 'app', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [
        Mount.volume(data, '/data'),
        Mount.bind('/srv/app/config', '/config'),
        Mount.bind('/srv/app/upload', '/upload', { readWrite: true }),
        Mount.tmpfs('/tmp', { size: Size.mebibytes(64), mode: 0o755 }),
      ],
    });
    const json = synth(stack);
    const v = resourceNamed(json, 'docker_volume', 'app-data');
    expect(v).toMatchObject({ labels: [{ label: 'tier', value: 'store' }, { label: 'docker-network-cdktf/stack', value: 'test' }, { label: 'docker-network-cdktf/path', value: 'data' }], driver_opts: { type: 'tmpfs', device: 'tmpfs' } });
    const c = resourceNamed(json, 'docker_container', 'app');
    expect(c.mounts).toEqual([
      { type: 'volume', target: '/data', source: expect.stringMatching(/^\$\{docker_volume\.data_volume_.*\.name\}$/) },
      { type: 'bind', target: '/config', source: '/srv/app/config', read_only: true },
      { type: 'bind', target: '/upload', source: '/srv/app/upload' },
      { type: 'tmpfs', target: '/tmp', tmpfs_options: { size_bytes: 67108864, mode: 493 } },
    ]);
  });

  test('an external volume by name is mounted without a docker_volume', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'app', { image: 'busybox', networks: [{ network: net }], mounts: [Mount.volume(Volume.fromName('shared'), '/shared', { readOnly: true })] });
    const json = synth(stack);
    expect(JSON.parse(json).resource.docker_volume).toBeUndefined();
    expect(resourceNamed(json, 'docker_container', 'app').mounts).toEqual([{ type: 'volume', target: '/shared', source: 'shared', read_only: true }]);
  });

  test.each([
    ['/var/run/docker.sock', true],
    ['/run/docker.sock', true],
    ['/', true],
    ['/etc', true],
    ['/etc/localtime', false],
    ['/proc/sys', true],
    ['/sys', true],
    ['/boot/', true],
    ['/dev/sda', true],
    ['/var/lib/docker/volumes', true],
    ['/srv/data', false],
    ['/etc/../etc', true],
  ])('read-only bind of %s refused: %s', (p, refused) => {
    expect(sensitiveBindReason(p, true) !== undefined).toBe(refused);
  });

  test('a writable bind under /etc or /usr is refused, read-only is not', () => {
    expect(sensitiveBindReason('/etc/app', false)).toBeDefined();
    expect(sensitiveBindReason('/usr/share/zoneinfo', true)).toBeUndefined();
  });

  test('sensitive binds, relative paths and duplicate targets fail synth with the fix; insecure opts out', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'bad', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [Mount.bind('/var/run/docker.sock', '/var/run/docker.sock'), Mount.bind('relative/dir', '/a'), Mount.tmpfs('tmp'), Mount.tmpfs('/a')],
    });
    new Container(stack, 'agent', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [Mount.bind('/var/run/docker.sock', '/var/run/docker.sock')],
      insecure: { sensitiveMounts: true },
    });
    const errors = synthErrors(stack);
    expect(errors).toEqual([
      expect.stringMatching(/\[test\/bad\] bind mount of \/var\/run\/docker.sock gives the container control of the Docker engine.*insecure: \{ sensitiveMounts: true \}/),
      expect.stringMatching(/bind mount source "relative\/dir" is not an absolute host path/),
      expect.stringMatching(/tmpfs mount target "tmp" is not an absolute container path/),
      expect.stringMatching(/two mounts share the container path \/a/),
    ]);
  });

  test('a volume of another host is refused', () => {
    const { stack, host } = newStack();
    const { DockerHost } = jest.requireActual('../constructs');
    const other = new DockerHost(stack, 'other', { alias: 'other' });
    const net = new BridgeNetwork(stack, 'net', { host });
    const v = new Volume(stack, 'v', { host: other });
    new Container(stack, 'app', { image: 'busybox', host, networks: [{ network: net }], mounts: [Mount.volume(v, '/v')] });
    expect(synthErrors(stack).join('\n')).toMatch(/volume .* lives on Docker host other/);
  });
});
