import { loadCompose } from '../../constructs/compose';
import { composeStack, errorsOf } from './helpers';

const load = (yaml: string) => loadCompose({ yaml, env: {} });

// Schema, interpolation and mapping problems in one run: the parts with schema or interpolation errors are left
// out of the mapping, the rest is mapped.
describe('all problems at once', () => {
  const yaml = [
    'name: p',
    'services:',
    '  web:',
    '    image: x',
    '    portz: [80]', // schema
    '    privileged: true', // mapping, but web is broken: not reported
    '  api:',
    '    image: ${REQUIRED:?set it}', // interpolation
    '    networks: [back]',
    '  db:',
    '    image: x',
    '    privileged: true', // mapping
    '    devices: ["/dev/null:/dev/x"]', // not carried over
    '    networks: [back, front]', // front is broken, but declared: no "undeclared network"
    'networks:',
    '  back: { driver: overlay }', // mapping
    '  front: { labelz: {} }', // schema
    '',
  ].join('\n');

  test('loadCompose reports each, in one run, and no plan', () => {
    const loaded = load(yaml);
    expect(loaded.errors).toEqual([
      expect.stringMatching(/^<yaml>:8:12: services\.api\.image: required variable REQUIRED is unset/),
      expect.stringMatching(/^<yaml>:5:5: services\.web\.portz: unknown field "portz"/),
      expect.stringMatching(/^<yaml>:17:12: networks\.front\.labelz: unknown field/),
      expect.stringMatching(/^<yaml>:12:5: services\.db\.privileged: privileged: true is forbidden/),
      expect.stringMatching(/^<yaml>:16:11: networks\.back\.driver: network back is an overlay but no swarm was given/),
    ]);
    expect(loaded.unmapped).toEqual([expect.stringMatching(/^<yaml>:13:5: services\.db\.devices: devices is not carried over/)]);
    expect(loaded.errors.slice(3).join('\n')).not.toMatch(/services\.(web|api)\.|undeclared|not declared/);
    expect(loaded.warnings.join('\n')).not.toMatch(/services\.(web|api):/);
    expect(loaded.plan).toBeUndefined();
  });

  test('ComposeProject fails synth with all of them', () => {
    const errors = errorsOf(composeStack(yaml).stack);
    expect(errors).toHaveLength(6);
    expect(errors.join('\n')).toMatch(/REQUIRED[\s\S]*portz[\s\S]*networks\.front\.labelz[\s\S]*services\.db\.privileged[\s\S]*networks\.back\.driver[\s\S]*services\.db\.devices/);
  });

  test('a problem in what every part depends on (a whole collection, the name) leaves the mapping for later', () => {
    const collection = load('name: p\nservices:\n  db:\n    image: x\n    privileged: true\nnetworks: [back]\n');
    expect(collection.errors).toEqual([expect.stringMatching(/^<yaml>:6:11: networks: /)]);
    const name = load('name: ${NAME:?}\nservices:\n  db:\n    image: x\n    privileged: true\n');
    expect(name.errors).toEqual([expect.stringMatching(/required variable NAME is unset/)]);
  });

  test('a valid file is mapped as before, with its plan', () => {
    const loaded = load('name: p\nservices:\n  db:\n    image: x\n');
    expect(loaded.errors).toEqual([]);
    expect(loaded.plan?.services.map((s) => s.key)).toEqual(['db']);
  });
});
