import { BridgeNetwork, BuiltinNetwork, Container } from '../constructs';
import { newStack, synth } from './util';

/** The stack's network-drift check: its local (the map of lost networks) and the postcondition on it. */
function driftCheck(json: string): { local: string; condition: string; message: string } {
  const doc = JSON.parse(json);
  const r = doc.resource.terraform_data.dnc_network_drift;
  expect(r.lifecycle.postcondition).toHaveLength(1);
  const [p] = r.lifecycle.postcondition;
  return { local: doc.locals.dnc_network_drift, condition: p.condition, message: p.error_message };
}

describe('network drift check (docker network disconnect fails a normal plan)', () => {
  test('one check per stack: the containers that lost a network (networks_advanced, or bridge for docker0) against network_data', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    new Container(stack, 'web', { name: 'web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    new Container(stack, 'api', { name: 'api', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    const json = synth(stack);
    const { local, condition } = driftCheck(json);
    expect(condition).toBe('${length(local.dnc_network_drift)==0}');
    expect(local).toContain('"docker_container.web_container_');
    expect(local).toContain('"docker_container.api_container_');
    expect(local).toContain('length(c.networks_advanced)>0?c.networks_advanced[*].name:["bridge"]');
    expect(local).toContain('try(c.network_data[*].network_name,[])');
    expect(local).toMatch(/k=>v if length\(v\.lost\)>0\}\}$/);
    // No per-container postcondition any more.
    for (const c of Object.values<any>(JSON.parse(json).resource.docker_container)) expect(c.lifecycle).toBeUndefined();
  });

  test('the message names each container, its lost networks and the fix with the real resource addresses', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    const c = new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    c.resource.overrideLogicalId('renamed_web');
    const { local, message } = driftCheck(synth(stack));
    expect(local).toContain('"docker_container.renamed_web"=docker_container.renamed_web');
    expect(message).toContain('"container ${v.name} is not on network(s) ${join(", ",v.lost)} any more"');
    expect(message).toContain('disconnected outside Terraform');
    expect(message).toMatch(/Fix: terraform apply \$\{join\(" ",\[for k,v in local\.dnc_network_drift:"-replace=\$\{k\}"\]\)\} in cdktf\.out\/stacks\/test$/);
  });

  test('docker0-only containers are checked; host-network ones have no network of their own to lose', () => {
    const { stack, host } = newStack();
    new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }], insecure: { defaultBridge: true } });
    new Container(stack, 'hostnet', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }], insecure: { hostNetwork: true } });
    const { local } = driftCheck(synth(stack));
    expect(local).toContain('docker_container.legacy_container_');
    expect(local).not.toContain('hostnet');
  });

  test('the shape is read at synth: a container attached to the host network after construction is left out', () => {
    const { stack, host } = newStack();
    const c = new Container(stack, 'web', { image: host.image('busybox:1.36'), insecure: { hostNetwork: true } });
    const d = new Container(stack, 'db', { image: host.image('busybox:1.36') });
    c.attach(BuiltinNetwork.host(host));
    d.attach(new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' }));
    const { local } = driftCheck(synth(stack));
    expect(local).not.toContain('web_container');
    expect(local).toContain('db_container');
  });

  test('a stack without containers has no check', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    const doc = JSON.parse(synth(stack));
    expect(doc.resource.terraform_data?.dnc_network_drift).toBeUndefined(); // (the deployment identity is another terraform_data)
    expect(doc.locals).toBeUndefined();
  });
});
