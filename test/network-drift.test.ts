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
    expect(condition).toMatch(/^\$\{length\(setsubtract\(.*\)\) == 0\}$/);
    expect(condition).toContain('[for n in self.networks_advanced : n.name]');
    expect(condition).toContain('[for d in self.network_data : d.network_name]');
    // A container only on docker0 has no networks_advanced: it must still be on `bridge`.
    expect(condition).toContain('self.network_mode == "bridge" ? tolist(["bridge"])');
  });

  test('the message names the container, the missing networks and the fix with the real resource address', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { subnet: '10.10.1.0/24' });
    const c = new Container(stack, 'web', { name: 'shop-web', image: host.image('busybox:1.36'), networks: [{ network: net }] });
    c.resource.overrideLogicalId('renamed_web');
    const { id, message } = postcondition(synth(stack));
    expect(id).toBe('renamed_web');
    expect(message).toContain('container shop-web is not on network(s) ${join(", ", setsubtract(');
    expect(message).toContain('docker network disconnect');
    expect(message).toMatch(/cdktf\.out\/stacks\/test\) run terraform apply -replace=docker_container\.renamed_web$/);
  });

  test('docker0-only and host-network containers carry it too (expected networks: bridge, or none)', () => {
    const { stack, host } = newStack();
    new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host) }], insecure: { defaultBridge: true } });
    new Container(stack, 'hostnet', { image: 'busybox', networks: [{ network: BuiltinNetwork.host(host) }], insecure: { hostNetwork: true } });
    const all = Object.values(resources(synth(stack), 'docker_container'));
    expect(all.map((r) => [r.network_mode, r.lifecycle.postcondition.length]).sort()).toEqual([
      ['bridge', 1],
      ['host', 1],
    ]);
  });
});
