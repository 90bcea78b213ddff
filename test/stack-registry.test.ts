import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { DockerHost } from '../constructs';
import { StackRegistry } from '../constructs/private/stack-registry';

describe('StackRegistry (the per-stack state)', () => {
  test('one registry per stack, found from any construct in it', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    const b = new TerraformStack(app, 'b');
    const deep = new Construct(new Construct(a, 'x'), 'y');
    expect(StackRegistry.of(deep)).toBe(StackRegistry.of(a));
    expect(StackRegistry.of(b)).not.toBe(StackRegistry.of(a));
  });

  test("holds each stack's hosts; the stand-in for a stack without one is made once and not counted", () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    const host = new DockerHost(a, 'host');
    const b = new TerraformStack(app, 'b');
    expect(StackRegistry.of(a).hosts).toEqual([host]);
    const standIn = DockerHost.of(new Construct(b, 'c1'));
    expect(DockerHost.of(new Construct(b, 'c2'))).toBe(standIn);
    expect(StackRegistry.of(b).hosts).toEqual([]);
    expect(DockerHost.of(new Construct(a, 'c3'))).toBe(host);
  });

  test('removed blocks are rendered at synth, in the order added, whatever else overrides the stack', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    const registry = StackRegistry.of(stack);
    registry.forget('docker_volume', new Construct(new Construct(stack, 'one'), 'volume'));
    stack.addOverride('terraform.required_version', '>= 1.7');
    registry.forget('docker_volume', new Construct(new Construct(stack, 'two'), 'volume'));
    const json = JSON.parse(Testing.synth(stack));
    expect(json.removed).toEqual([
      { from: expect.stringMatching(/^docker_volume\.one_volume_[0-9A-F]{8}$/), lifecycle: { destroy: false } },
      { from: expect.stringMatching(/^docker_volume\.two_volume_[0-9A-F]{8}$/), lifecycle: { destroy: false } },
    ]);
  });
});
