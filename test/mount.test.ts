import { BridgeNetwork, Container, Mount, RemovalPolicy, Size, Volume } from '../constructs';
import { sensitiveBindReason } from '../constructs/mount';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Mount', () => {
  test('a volume by reference, a read-only bind and a tmpfs', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    const data = new Volume(stack, 'data', { name: 'app-data', labels: { tier: 'store' }, driverOptions: { type: 'tmpfs', device: 'tmpfs' }, removalPolicy: RemovalPolicy.DESTROY });
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

describe('the bind denylist (issue 17)', () => {
  // [host path, read-only, refused]
  test.each([
    // parents of sensitive paths, read-write
    ['/', false, true],
    ['/var', false, true],
    ['/var/lib', false, true],
    ['/run', false, true],
    ['/etc', false, true],
    ['/home/alice', false, true],
    // ... read-only, where no socket is beneath: today's rules
    ['/var', true, false],
    ['/var/lib', true, false],
    ['/srv', false, false],
    ['/home/alice/src', false, false],
    ['/run/user/1000/pulse', true, false],
    // the /var/run spelling of /run paths and back
    ['/var/run/containerd/containerd.sock', true, true],
    ['/run/crio/crio.sock', true, true],
    ['/var/run/crio/crio.sock', true, true],
    ['/var/run/podman/podman.sock', true, true],
    ['/run/podman/podman.sock', true, true],
    ['/var/run/docker.sock', true, true],
    ['/run/docker.sock', true, true],
    // other engine sockets and their directories, read-only too (a socket answers on a read-only mount)
    ['/run/user/1000/docker.sock', true, true],
    ['/var/run/user/1000/docker.sock', true, true],
    ['/run/user/1000', true, true],
    ['/run/user', true, true],
    ['/run/user/1000/podman/podman.sock', true, true],
    ['/run/containerd/containerd.sock', true, true],
    ['/run/buildkit/buildkitd.sock', true, true],
    ['/run/systemd/private', true, true],
    ['/run/systemd', true, true],
    ['/var/run/dbus/system_bus_socket', true, true],
    ['/run/systemd/resolve/resolv.conf', true, false],
    // credentials and engine state
    ['/home', true, true],
    ['/home/alice', true, true],
    ['/home/alice/.ssh', true, true],
    ['/home/alice/.docker/config.json', true, true],
    ['/root', true, true],
    ['/etc/shadow', true, true],
    ['/etc/sudoers', true, true],
    ['/etc/sudoers.d/admins', true, true],
    ['/var/lib/docker', true, true],
    ['/var/lib/kubelet/pods', true, true],
    ['/var/lib/containerd', true, true],
    ['/proc', true, true],
    ['/sys/fs/cgroup', true, true],
    ['/boot', true, true],
    ['/dev', true, true],
    ['/etc/localtime', true, false],
    ['/etc/app', false, true],
    // spellings: //, /./, .., trailing /
    ['//var//run/docker.sock', true, true],
    ['/var/./run/./docker.sock/', true, true],
    ['/srv/../var/run/docker.sock', true, true],
    ['/srv/app/../../etc/shadow', true, true],
    ['/var/lib/docker/', true, true],
    ['/srv/../..//', true, true],
    ['/home/alice/src/../.ssh', true, true],
    // `..` climbs from where /var/run and /var/lock point: /var/run/.. is /, /var/lock/.. is /run
    ['/var/run/..', true, true],
    ['/var/lock/..', true, true],
    ['/var/run/../etc/shadow', true, true],
    ['/var/./run/../var', true, false],
  ])('%s (read-only: %s) refused: %s', (p, readOnly, refused) => {
    expect(sensitiveBindReason(p, readOnly) !== undefined).toBe(refused);
  });

  test('a parent names what it contains; a socket directory says why read-only is not enough', () => {
    expect(sensitiveBindReason('/var/lib', false)).toMatch(/\/var\/lib\/docker beneath it/);
    expect(sensitiveBindReason('/run/user/1000', true)).toMatch(/rootless Docker engine.*\/run\/user\/<uid>\/docker\.sock beneath it \(a socket answers on a read-only mount too\)/);
  });

  test('new spellings fail synth with the fix; insecure: { sensitiveMounts: true } opts out', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net');
    new Container(stack, 'bad', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [Mount.bind('/var/run/crio/crio.sock', '/crio.sock'), Mount.bind('/var', '/host-var', { readWrite: true }), Mount.bind('//run/user/1000/docker.sock', '/d.sock')],
    });
    new Container(stack, 'agent', {
      image: 'busybox',
      networks: [{ network: net }],
      mounts: [Mount.bind('/var/run/crio/crio.sock', '/crio.sock'), Mount.bind('/var', '/host-var', { readWrite: true })],
      insecure: { sensitiveMounts: true },
    });
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/\[test\/bad\] bind mount of \/var\/run\/crio\/crio.sock gives the container control of a container engine.*insecure: \{ sensitiveMounts: true \}/),
      expect.stringMatching(/\[test\/bad\] bind mount of \/var gives the container write access to \/var\/lib\/docker beneath it/),
      expect.stringMatching(/\[test\/bad\] bind mount of \/\/run\/user\/1000\/docker.sock gives the container control of a user's rootless Docker engine/),
    ]);
  });
});
