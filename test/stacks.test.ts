import { Network } from '@cdktf/provider-docker/lib/network';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import {
  AddressPlanStack,
  ADDRESS_PLAN_NETWORKS,
  CustomBridgeStack,
  DefaultBridgeStack,
  ExposureStack,
  LinksStack,
  MultiHostStack,
  OverlayStack,
  PUBLISHED_PORT,
  TiersStack,
} from '../stacks';
import { resourceNamed, resources } from './util';

const IMAGE = 'busybox:1.36';

describe('default-bridge stack', () => {
  const stack = new DefaultBridgeStack(Testing.app(), 'default-bridge', { image: IMAGE });
  const json = Testing.synth(stack, true);

  test('puts both containers on docker0 as docker run would', () => {
    for (const name of ['legacy-web', 'legacy-client']) {
      const c = resourceNamed(json, 'docker_container', name);
      expect(c.network_mode).toBe('bridge');
      expect(c.networks_advanced).toBeUndefined();
    }
    expect(resources(json, 'docker_network')).toEqual({});
  });

  test('snapshot', () => expect(json).toMatchSnapshot());
});

describe('custom-bridge stack', () => {
  const stack = new CustomBridgeStack(Testing.app(), 'custom-bridge', { image: IMAGE });
  const json = Testing.synth(stack, true);

  test('declares the named bridge, subnet and gateway', () => {
    expect(json).toHaveResourceWithProperties(Network, {
      name: 'app-net',
      ipv6: true,
      ipam_config: [
        { subnet: '10.30.0.0/24', gateway: '10.30.0.1', ip_range: '10.30.0.128/25' },
        { subnet: 'fd00:30::/64', gateway: 'fd00:30::1' },
      ],
      options: { 'com.docker.network.bridge.name': 'br-app' },
    });
  });

  test('attaches each container with its address and alias', () => {
    const attach = (name: string) => resourceNamed(json, 'docker_container', name).networks_advanced;
    const net = '${docker_network.app-net_network_561B3512.name}';
    expect(attach('app-web')).toEqual([{ name: net, ipv4_address: '10.30.0.10', ipv6_address: 'fd00:30::10', aliases: ['www'] }]);
    expect(attach('app-db')).toEqual([{ name: net, ipv4_address: '10.30.0.20', aliases: ['database'] }]);
    expect(attach('app-client')).toEqual([{ name: net }]);
  });

  test('snapshot', () => expect(json).toMatchSnapshot());
});

describe('address-plan stack', () => {
  test('uses the committed lock file, which is up to date (verify mode)', () => {
    const stack = new AddressPlanStack(Testing.app(), 'address-plan', { image: IMAGE, updateLockFile: false });
    const json = Testing.synth(stack, true);
    const subnet = (key: string) => resourceNamed(json, 'docker_network', `plan-${key}`).ipam_config[0].subnet;
    expect(Object.fromEntries(ADDRESS_PLAN_NETWORKS.map((k) => [k, subnet(k)]))).toEqual({
      frontend: '10.40.0.0/24',
      cache: '10.40.3.0/24',
      backend: '10.40.1.0/24',
      metrics: '10.40.2.0/24',
    });
    expect(json).toMatchSnapshot();
  });

  test('adding a network in the middle of the list moves no existing network', () => {
    const lockFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plan-')), 'lock.yaml');
    const subnets = (networks: string[]) => {
      const stack = new AddressPlanStack(Testing.app(), 'address-plan', { image: IMAGE, networks, lockFile, updateLockFile: true });
      const json = Testing.synth(stack, true);
      return Object.fromEntries(networks.map((k) => [k, resourceNamed(json, 'docker_network', `plan-${k}`).ipam_config[0].subnet]));
    };
    const before = subnets(['frontend', 'backend', 'metrics']);
    const after = subnets(['frontend', 'cache', 'backend', 'metrics']);
    expect(after).toEqual({ ...before, cache: '10.40.3.0/24' });
  });
});

describe('links stack', () => {
  const stack = new LinksStack(Testing.app(), 'links', { image: IMAGE });
  const json = Testing.synth(stack, true);

  test('docker0: hosts entry and legacy variables on the linker; links-net: alias on the target', () => {
    const web0 = resourceNamed(json, 'docker_container', 'link-web0');
    expect(web0.host).toEqual([{ host: 'database', ip: expect.stringContaining('docker_container.legacy-db_container_') }]);
    expect(web0.env).toEqual(expect.arrayContaining(['DATABASE_NAME=/link-web0/database', expect.stringMatching(/^DATABASE_PORT_80_TCP_ADDR=\$\{element/)]));
    expect(resourceNamed(json, 'docker_container', 'link-db').networks_advanced[0].aliases).toEqual(['database']);
    expect(resourceNamed(json, 'docker_container', 'link-web').host).toBeUndefined();
  });

  test('snapshot', () => expect(json).toMatchSnapshot());
});

describe('tiers stack', () => {
  test('snapshot (reachability is asserted in tiers.test.ts)', () => {
    const stack = new TiersStack(Testing.app(), 'tiers', { image: IMAGE, updateLockFile: false });
    expect(Testing.synth(stack, true)).toMatchSnapshot();
  });
});

describe('exposure stack', () => {
  const stack = new ExposureStack(Testing.app(), 'exposure', { image: IMAGE });
  const json = Testing.synth(stack, true);

  test('cluster-internal publishes nothing, node-port is in range, published binds 127.0.0.1', () => {
    expect(resourceNamed(json, 'docker_container', 'expo-internal').ports).toBeUndefined();
    const node = resourceNamed(json, 'docker_container', 'expo-nodeport').ports[0];
    expect(node).toMatchObject({ internal: 80, ip: '127.0.0.1', protocol: 'tcp' });
    expect(node.external).toBeGreaterThanOrEqual(30000);
    expect(node.external).toBeLessThanOrEqual(32767);
    expect(resourceNamed(json, 'docker_container', 'expo-published').ports).toEqual([{ internal: 80, external: PUBLISHED_PORT, ip: '127.0.0.1', protocol: 'tcp' }]);
  });

  test('snapshot', () => expect(json).toMatchSnapshot());
});

describe('main.ts app', () => {
  test('synthesizes one directory per stack, each pinning kreuzwerker/docker 3.6.2', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-out-'));
    const app = new App({ outdir });
    new DefaultBridgeStack(app, 'default-bridge');
    new CustomBridgeStack(app, 'custom-bridge');
    new AddressPlanStack(app, 'address-plan', { updateLockFile: false });
    new LinksStack(app, 'links');
    new TiersStack(app, 'tiers', { updateLockFile: false });
    new ExposureStack(app, 'exposure');
    new OverlayStack(app, 'overlay');
    new MultiHostStack(app, 'multi-host', { updateLockFile: false });
    app.synth();
    for (const name of ['default-bridge', 'custom-bridge', 'address-plan', 'links', 'tiers', 'exposure', 'overlay', 'multi-host']) {
      const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      expect(doc.terraform.required_providers.docker).toEqual({ source: 'kreuzwerker/docker', version: '3.6.2' });
      expect(JSON.stringify(doc)).not.toContain('check_duplicate');
    }
  });
});
