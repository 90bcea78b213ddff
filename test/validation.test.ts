import { AddressPlan, BridgeNetwork, BuiltinNetwork, Container } from '../constructs';
import { newStack, synthErrors } from './util';

test('every problem of a synth is reported together, each with its construct path', () => {
  const { stack, host } = newStack();
  const plan = new AddressPlan(stack, 'plan', { pool: '10.20.0.0/24' });
  const good = new BridgeNetwork(stack, 'good', { subnet: plan.allocate('good') });
  new BridgeNetwork(stack, 'starved', { subnet: plan.allocate('starved') });
  new BridgeNetwork(stack, 'hostbits', { subnet: '10.9.0.1/24', bridgeName: 'a-very-long-bridge-name' });
  new BridgeNetwork(stack, 'clash', { subnet: '10.20.0.128/25' });
  new Container(stack, 'db', { image: 'busybox', networks: [{ network: good, ipv4Address: '10.20.0.1' }] });
  new Container(stack, 'legacy', { image: 'busybox', networks: [{ network: BuiltinNetwork.bridge(host), aliases: ['db'] }] });
  const errors = synthErrors(stack);
  expect(errors.map((e) => e.slice(0, e.indexOf(']') + 1))).toEqual([
    '[test/plan]',
    '[test/hostbits]',
    '[test/hostbits]',
    '[test/clash]',
    '[test/db]',
    '[test/legacy]',
    '[test/legacy]',
  ]);
  expect(errors.join('\n')).toMatch(/joins docker0 \(the default bridge\), which the secure defaults forbid .* insecure: \{ defaultBridge: true \}/);
  expect(errors.join('\n')).toMatch(/no free \/24 left for starved/);
  expect(errors.join('\n')).toMatch(/did you mean 10.9.0.0\/24\?/);
  expect(errors.join('\n')).toMatch(/subnet 10.20.0.128\/25 overlaps 10.20.0.0\/24 of network good \(test\/good\)/);
});
