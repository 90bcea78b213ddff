import { AddressPlan, Container, TieredNetwork } from '../constructs';
import { TiersStack } from '../stacks';
import { Testing } from 'cdktf';
import { newStack, resourceNamed, synth, synthErrors } from './util';

describe('TieredNetwork', () => {
  function shop() {
    const { stack } = newStack();
    const plan = new AddressPlan(stack, 'plan', { pool: '10.60.0.0/16' });
    const tiers = new TieredNetwork(stack, 'shop', { addressPlan: plan });
    const edge = tiers.addTier('edge');
    const app = tiers.addTier('app');
    const data = tiers.addTier('data', { internal: true });
    app.allowFrom(edge);
    data.allowFrom(app);
    const c = (name: string) => new Container(stack, name, { image: 'busybox' });
    edge.add(c('proxy'));
    app.add(c('api'), ['backend']);
    data.add(c('db'));
    return { stack, tiers };
  }

  test('creates the fewest networks that allow exactly the declared pairs', () => {
    const { stack, tiers } = shop();
    expect(tiers.networks.map((n) => [n.network.networkName, n.tiers])).toEqual([
      ['shop-app-data', ['app', 'data']],
      ['shop-app-edge', ['app', 'edge']],
    ]);
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_network', 'shop-app-data')).toMatchObject({ internal: true, ipam_config: [{ subnet: '10.60.0.0/24' }] });
    expect(resourceNamed(json, 'docker_network', 'shop-app-edge').internal).toBeUndefined();
    expect(resourceNamed(json, 'docker_container', 'api').networks_advanced).toHaveLength(2);
    expect(resourceNamed(json, 'docker_container', 'api').networks_advanced[0].aliases).toEqual(['backend']);
    expect(resourceNamed(json, 'docker_container', 'db').networks_advanced).toHaveLength(1);
  });

  test('reports its reachability matrix as data', () => {
    const { tiers } = shop();
    expect(tiers.tierReachability()).toEqual([
      { from: 'edge', to: 'app', via: ['shop-app-edge'] },
      { from: 'edge', to: 'data', via: [] },
      { from: 'app', to: 'edge', via: ['shop-app-edge'] },
      { from: 'app', to: 'data', via: ['shop-app-data'] },
      { from: 'data', to: 'edge', via: [] },
      { from: 'data', to: 'app', via: ['shop-app-data'] },
    ]);
    expect(tiers.reachability().filter((r) => r.via.length === 0)).toEqual([
      { from: 'proxy', to: 'db', via: [] },
      { from: 'db', to: 'proxy', via: [] },
    ]);
  });

  test('rules declared after the first container fail synth with the fix', () => {
    const { stack, tiers } = shop();
    tiers.addTier('late');
    expect(synthErrors(stack)).toEqual([
      '[test/shop] addTier(late) came after containers were added, when the networks were already fixed; declare every tier and allowFrom() rule before the first add()',
    ]);
  });

  test('the tiers stack: edge reaches app, app reaches data, edge never reaches data', () => {
    const stack = new TiersStack(Testing.app(), 'tiers', { image: 'busybox:1.36', updateLockFile: false });
    expect(stack.tiers.reachability()).toEqual([
      { from: 'tier-edge', to: 'tier-app', via: ['shop-app-edge'] },
      { from: 'tier-edge', to: 'tier-data', via: [] },
      { from: 'tier-app', to: 'tier-edge', via: ['shop-app-edge'] },
      { from: 'tier-app', to: 'tier-data', via: ['shop-app-data'] },
      { from: 'tier-data', to: 'tier-edge', via: [] },
      { from: 'tier-data', to: 'tier-app', via: ['shop-app-data'] },
    ]);
  });
});
