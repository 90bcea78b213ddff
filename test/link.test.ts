import { BridgeNetwork, BuiltinNetwork, Container, Port } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Container.linkTo', () => {
  test('on a shared user-defined network the alias goes on the target, as Compose does', () => {
    const { stack } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.70.0.0/24' });
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: net, ipv4Address: '10.70.0.5', aliases: ['pg'] }] });
    const web = new Container(stack, 'web', { image: 'busybox', networks: [{ network: net }] });
    web.linkTo(db, { alias: 'database', environment: true, ports: [Port.tcp(5432)] });
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'db').networks_advanced[0].aliases).toEqual(['pg', 'database']);
    const w = resourceNamed(json, 'docker_container', 'web');
    expect(w.host).toBeUndefined();
    expect(w.env).toEqual([
      'DATABASE_NAME=/web/database',
      'DATABASE_PORT_5432_TCP=tcp://10.70.0.5:5432',
      'DATABASE_PORT_5432_TCP_ADDR=10.70.0.5',
      'DATABASE_PORT_5432_TCP_PORT=5432',
      'DATABASE_PORT_5432_TCP_PROTO=tcp',
      'DATABASE_PORT=tcp://10.70.0.5:5432',
    ]);
  });

  test('on docker0 the linker gets a hosts entry to the target address from network_data, and the variables', () => {
    const { stack, host } = newStack();
    const docker0 = BuiltinNetwork.bridge(host);
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true } });
    const web = new Container(stack, 'web', { image: 'busybox', networks: [{ network: docker0 }], insecure: { defaultBridge: true }, env: { MODE: 'x' } });
    web.linkTo(db, { alias: 'database', environment: true, ports: [Port.tcp(5432)] });
    const w = resourceNamed(synth(stack), 'docker_container', 'web');
    const expr = '${element([ for key, val in toset(docker_container.db_container_CF0E543E.network_data): val.ip_address if val.network_name == "bridge"], 0)}';
    expect(w.host).toEqual([{ host: 'database', ip: expr }]);
    expect(w.env).toContain(`DATABASE_PORT_5432_TCP_ADDR=${expr}`);
    expect(w.env).toContain('MODE=x');
  });

  test('order of linkTo and attach does not matter', () => {
    const build = (linkFirst: boolean) => {
      const { stack } = newStack();
      const net = new BridgeNetwork(stack, 'net');
      const db = new Container(stack, 'db', { image: 'busybox' });
      const web = new Container(stack, 'web', { image: 'busybox' });
      if (linkFirst) web.linkTo(db, { alias: 'database' });
      db.attach(net);
      web.attach(net);
      if (!linkFirst) web.linkTo(db, { alias: 'database' });
      return synth(stack);
    };
    expect(build(true)).toEqual(build(false));
    expect(resourceNamed(build(true), 'docker_container', 'db').networks_advanced[0].aliases).toEqual(['database']);
  });

  test('a link needs a shared network, no host/none, not itself', () => {
    const { stack, host } = newStack();
    const a = new BridgeNetwork(stack, 'net-a');
    const b = new BridgeNetwork(stack, 'net-b');
    const db = new Container(stack, 'db', { image: 'busybox', networks: [{ network: a }] });
    const web = new Container(stack, 'web', { image: 'busybox', networks: [{ network: b }] });
    const agent = new Container(stack, 'agent', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }], insecure: { hostNetwork: true } });
    web.linkTo(db, { alias: 'database' });
    agent.linkTo(db);
    db.linkTo(db);
    expect(synthErrors(stack)).toEqual([
      '[test/db] the container links to itself; link it to another container',
      '[test/web] link to db as database is impossible: they share no network; attach both containers to one BridgeNetwork (or both to docker0 with insecure: { defaultBridge: true })',
      '[test/agent] link to db as db is impossible: a container on the host network cannot be linked; attach both containers to one BridgeNetwork (or both to docker0 with insecure: { defaultBridge: true })',
    ]);
  });
});
