import { SecretValue, Swarm, SwarmConfig, SwarmSecret } from '../constructs';
import { newStack, resourceNamed, synth } from './util';

describe('SwarmSecret and SwarmConfig', () => {
  test('one sensitive variable per name, a file read by Terraform, config text base64-encoded by Terraform', () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    new SwarmSecret(stack, 'a', { swarm, value: SecretValue.fromVariable('shared_token') });
    new SwarmSecret(stack, 'b', { swarm, value: SecretValue.fromVariable('shared_token') });
    new SwarmSecret(stack, 'c', { swarm, value: SecretValue.fromFile('/run/keys/c') });
    new SwarmConfig(stack, 'conf', { swarm, text: 'x=1' });
    const json = synth(stack);
    const doc = JSON.parse(json);
    expect(Object.keys(doc.variable)).toEqual(['shared_token']);
    expect(resourceNamed(json, 'docker_secret', 'b').data).toBe('${base64encode(var.shared_token)}');
    expect(resourceNamed(json, 'docker_secret', 'c').data).toBe('${filebase64("/run/keys/c")}');
    expect(resourceNamed(json, 'docker_config', 'conf').data).toBe('${base64encode("x=1")}');
  });
});
