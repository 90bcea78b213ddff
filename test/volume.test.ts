import { Volume } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('Volume', () => {
  test('a docker_volume with driver, options and labels; the name is a reference', () => {
    const { stack } = newStack();
    const v = new Volume(stack, 'data', { driver: 'local', driverOptions: { type: 'tmpfs', device: 'tmpfs' }, labels: { a: 'b' } });
    expect(v.volumeName).toMatch(/\$\{TfToken/);
    expect(resourceNamed(synth(stack), 'docker_volume', 'data')).toMatchObject({ driver: 'local', driver_opts: { type: 'tmpfs', device: 'tmpfs' }, labels: expect.arrayContaining([{ label: 'a', value: 'b' }, { label: 'docker-network-cdktf/path', value: 'data' }]) });
  });

  test('fromName creates nothing and has no host', () => {
    expect(Volume.fromName('x')).toEqual({ volumeName: 'x' });
  });

  test('volume names are checked and unique per host', () => {
    const { stack } = newStack();
    new Volume(stack, 'a', { name: 'data' });
    new Volume(stack, 'b', { name: 'data' });
    new Volume(stack, 'c', { name: '-bad' });
    const errors = synthErrors(stack).join('\n');
    expect(errors).toMatch(/volume name "data" is used twice/);
    expect(errors).toMatch(/volume name "-bad" is invalid/);
  });
});
