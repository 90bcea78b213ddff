import { renderDifferences, renderText } from '../../constructs/report';
import { EXAMPLE_NAMES, exampleModel } from './examples';

describe('renderText', () => {
  test.each(EXAMPLE_NAMES)('%s (snapshot)', (name) => {
    const text = renderText(exampleModel(name));
    expect(text).not.toContain('\x1b[');
    expect(text).toMatchSnapshot();
  });

  test('has every section of the Docker tools', () => {
    const text = renderText(exampleModel('exposure'));
    for (const heading of ['(docker network ls)', '(docker network inspect)', '(brctl show', 'published ports', 'reachability', 'warnings']) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/127\.0\.0\.1:18080\/tcp\s+->\s+expo-published:80\s+published/);
    expect(text).toMatch(/expo-net\s+bridge\s+local\s+10\.32\.0\.0\/24/);
  });

  test('tiers: the matrix says edge cannot reach data', () => {
    const text = renderText(exampleModel('tiers'));
    expect(text).toMatch(/tier-edge\s+\\\s+yes\s+no/);
    expect(text).toContain('tier-app <-> tier-data: shop-app-data');
  });

  test('multi-host: a section per host, then the swarm spanning them', () => {
    const text = renderText(exampleModel('multi-host'));
    expect(text.indexOf('== host a (ssh://docker@node-a) ==')).toBeGreaterThan(-1);
    expect(text.indexOf('== host b (ssh://docker@node-b) ==')).toBeGreaterThan(text.indexOf('== host a'));
    expect(text).toContain('== swarm (spans a, b) ==');
    expect(text).toMatch(/mh-a @a\s/);
    expect(text).toMatch(/mh-b @b\s/);
  });

  test('colour only when asked', () => {
    expect(renderText(exampleModel('tiers'), { color: true })).toContain('\x1b[');
    expect(renderDifferences([{ kind: 'missing', object: 'container', host: 'default', name: 'x', detail: 'container x is not on the engine' }], { color: true })).toContain('\x1b[');
  });

  test('differences: one line each, or none', () => {
    expect(renderDifferences([])).toBe('no difference: the engine holds what the stack declares\n');
    expect(renderDifferences([{ kind: 'extra', object: 'container', host: 'default', name: 'x', detail: 'container x is connected to net but not declared' }])).toBe(
      '1 difference from the declared topology\nextra    container   [default] container x is connected to net but not declared\n',
    );
  });
});
