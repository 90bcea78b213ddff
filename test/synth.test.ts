import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { BridgeNetwork, Container, DockerHost, synthOrExplain } from '../constructs';

function capture(): { text: string; write(t: string): void } {
  const c = { text: '', write: (t: string) => void (c.text += t) };
  return c;
}

function appWith(subnet: string, ipv4Address?: string): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-synth-')) });
  const stack = new TerraformStack(app, 'shop');
  const host = new DockerHost(stack, 'host');
  const net = new BridgeNetwork(stack, 'net', { subnet });
  new Container(stack, 'web', { image: host.image('busybox:1.36'), networks: [{ network: net, ipv4Address }] });
  return app;
}

describe('synthOrExplain', () => {
  test('a failed validation: every problem once, no stack trace, no skipValidation hint, exit status 1', () => {
    const out = capture();
    const exits: number[] = [];
    synthOrExplain(appWith('10.9.0.1/24', '10.9.0.300'), { out, exit: (c) => exits.push(c) });
    expect(exits).toEqual([1]);
    const lines = out.text.trimEnd().split('\n');
    expect(lines.pop()).toBe('synth stopped: fix the problems listed above (all of them are listed)');
    expect(lines[0]).toBe('Validation failed with the following errors:');
    expect(lines.filter((l) => l.includes('did you mean 10.9.0.0/24?'))).toHaveLength(1);
    expect(lines.slice(1).every((l) => /^ {2}\[shop\/(net|web)\] /.test(l))).toBe(true);
    expect(out.text).not.toMatch(/skipValidation|    at /);
  });

  test('a valid app synthesizes as app.synth() does, and prints nothing', () => {
    const out = capture();
    const exits: number[] = [];
    const ok = appWith('10.9.0.0/24');
    synthOrExplain(ok, { out, exit: (c) => exits.push(c) });
    expect(exits).toEqual([]);
    expect(out.text).toBe('');
    expect(fs.existsSync(path.join(ok.outdir, 'stacks', 'shop', 'cdk.tf.json'))).toBe(true);
  });

  test('a construct with the id backend directly in a stack (cdktf\'s LocalBackend at synth): the fix, not a stack trace', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-synth-')) });
    const stack = new TerraformStack(app, 'shop');
    const host = new DockerHost(stack, 'host');
    new Container(stack, 'backend', { name: 'shop-backend', image: host.image('busybox:1.36') });
    const out = capture();
    const exits: number[] = [];
    synthOrExplain(app, { out, exit: (c) => exits.push(c) });
    expect(exits).toEqual([1]);
    expect(out.text).toMatch(/^\[shop\/backend\] a construct has the id "backend" directly in the stack, .*give it another id/);
    expect(out.text).not.toMatch(/    at /);
  });

  test('any other error is thrown unchanged, with its stack', () => {
    const boom = new Error('a bug');
    expect(() => synthOrExplain({ synth: () => { throw boom; } }, { exit: () => { throw new Error('must not exit'); } })).toThrow(boom);
  });
});
