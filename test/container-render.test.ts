import { BridgeNetwork, BuiltinNetwork, Container, Exposure, Port } from '../constructs';
import { newStack, resourceNamed, synth } from './util';

/** Everything a container derives is rendered at synth from what it accumulated: the order of calls does not matter. */
describe('Container rendering at synth', () => {
  test('a link made before either container joins the network, and a port exposed after, are rendered', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.71.0.0/24', ipRange: '10.71.0.128/25' });
    const db = new Container(stack, 'db', { image: 'busybox' });
    const web = new Container(stack, 'web', { image: 'busybox' });
    web.linkTo(db, { alias: 'database', environment: true });
    db.attach(net, { ipv4Address: '10.71.0.5' });
    web.attach(net);
    db.expose(Port.tcp(5432));
    web.expose(Port.tcp(80), Exposure.published({ hostPort: 8080 }));
    const json = synth(stack);
    const d = resourceNamed(json, 'docker_container', 'db');
    const w = resourceNamed(json, 'docker_container', 'web');
    expect(d.networks_advanced).toEqual([{ name: expect.stringContaining('docker_network.'), ipv4_address: '10.71.0.5', aliases: ['database'] }]);
    expect(w.env).toContain('DATABASE_PORT_5432_TCP_ADDR=10.71.0.5');
    expect(w.ports).toEqual([{ internal: 80, external: 8080, ip: '127.0.0.1', protocol: 'tcp' }]);
    expect(w.network_mode).toBe('bridge');
  });

  test('the same stack rendered in either order of calls is the same JSON', () => {
    const build = (lateAttach: boolean) => {
      const { stack } = newStack();
      const net = new BridgeNetwork(stack, 'net', { subnet: '10.72.0.0/24' });
      const a = new Container(stack, 'aa', { image: 'busybox', networks: lateAttach ? [] : [{ network: net, ipv4Address: '10.72.0.10' }] });
      const b = new Container(stack, 'bb', { image: 'busybox', networks: lateAttach ? [] : [{ network: net }] });
      b.linkTo(a, { alias: 'svc' });
      b.dependsOn(a);
      if (lateAttach) {
        b.attach(net);
        a.attach(net, { ipv4Address: '10.72.0.10' });
      }
      return synth(stack);
    };
    expect(JSON.parse(build(true)).resource).toEqual(JSON.parse(build(false)).resource);
  });

  test('a container that joins host later renders network_mode host and nothing of its networks', () => {
    const { stack, host } = newStack();
    const c = new Container(stack, 'cc', { image: 'busybox', insecure: { hostNetwork: true }, env: { A: '1' } });
    c.attach(BuiltinNetwork.host(host));
    const r = resourceNamed(synth(stack), 'docker_container', 'cc');
    expect(r.env).toEqual(['A=1']);
    expect(r.network_mode).toBe('host');
    expect(r.networks_advanced).toBeUndefined();
    expect(r.host).toBeUndefined();
  });

  test('depends_on: dependsOn() and the library ordering, each once; nothing when there is none', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.73.0.0/24' });
    const fixed = new Container(stack, 'fixed', { image: 'busybox', networks: [{ network: net, ipv4Address: '10.73.0.10' }] });
    const dynamic = new Container(stack, 'dynamic', { image: 'busybox', networks: [{ network: net }] });
    dynamic.dependsOn(fixed);
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'dynamic').depends_on).toEqual([`docker_container.${fixed.resource.friendlyUniqueId}`]);
    expect(resourceNamed(json, 'docker_container', 'fixed').depends_on).toBeUndefined();
  });
});
