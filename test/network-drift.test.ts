import { BridgeNetwork, BuiltinNetwork, Container } from '../constructs';
import { newStack, resources, synth } from './util';

/** The one postcondition of the only container of a synthesized stack, with its logical id. */
function postcondition(json: string): { id: string; condition: string; message: string } {
  const [[id, r]] = Object.entries(resources(json, 'docker_container'));
  expect(r.lifecycle.postcondition).toHaveLength(1);
  const [p] = r.lifecycle.postcondition;
  return { id, condition: p.condition, message: p.error_message };
}

describe('network drift postcondition (docker network disconnect fails a normal plan)', () => {
  test('compares the networks the container must be on with what the engine reports in network_data', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    new Container(stack, 'web', { name: 'web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    const { condition } = postcondition(synth(stack));
    expect(condition).toBe('${length(setsubtract(self.networks_advanced[*].name,try(self.network_data[*].network_name,[])))==0}');
  });

  test('the message names the container, the missing networks and the fix with the real resource address', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    const c = new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    c.resource.overrideLogicalId('renamed_web');
    const { id, message } = postcondition(synth(stack));
    expect(id).toBe('renamed_web');
    expect(message).toContain('container shop-web is not on network(s) ${join(", ",setsubtract(self.networks_advanced[*].name,');
    expect(message).toContain('disconnected outside Terraform');
    expect(message).toMatch(/Fix: terraform apply -replace=docker_container\.renamed_web in cdktf\.out\/stacks\/test$/);
  });

  test('docker0-only containers must stay on bridge; host-network ones have no network of their own to lose', () => {
    const { stack, host } = newStack();
    new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }], insecure: { defaultBridge: true } });
    new Container(stack, 'hostnet', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }], insecure: { hostNetwork: true } });
    const all = Object.values(resources(synth(stack), 'docker_container'));
    expect(all.map((r) => [r.network_mode, r.lifecycle.postcondition.map((p: any) => p.condition)]).sort()).toEqual([
      ['bridge', ['${length(setsubtract(["bridge"],try(self.network_data[*].network_name,[])))==0}']],
      ['host', ['${true}']],
    ]);
  });

  test('the shape is read at synth: a container attached later to a user network checks networks_advanced', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    const c = new Container(stack, 'web', { image: host.image('busybox:1.36') });
    c.attach(net);
    expect(postcondition(synth(stack)).condition).toContain('self.networks_advanced[*].name');
  });
});
