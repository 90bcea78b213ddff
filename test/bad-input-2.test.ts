/**
 * Issue 21: bad input on the surfaces 0.2.0 added (volumes, health, order, limits, images, services, secrets), each
 * as a test. Crashes become synth errors, parsers return a value or say why, tokens pass with their unit
 * conversion, valid input is accepted, and what Docker or swarmkit would refuse at apply is refused at synth.
 */
import { dependable } from 'cdktf';
import { BridgeNetwork, Container } from '../constructs';
import { newStack, resourceNamed, synth, synthErrors } from './util';

const image = 'busybox:1.36';

function twoContainers() {
  const { stack, host } = newStack();
  const net = new BridgeNetwork(stack, 'net', {});
  const db = new Container(stack, 'db', { image, networks: [{ network: net }] });
  const web = new Container(stack, 'web', { image, networks: [{ network: net }], env: { A: '1' } });
  return { stack, host, net, db, web };
}

describe('crashes', () => {
  test('dependsOn(undefined) from plain JavaScript is a synth error naming the container', () => {
    const { stack, web } = twoContainers();
    (web as any).dependsOn(undefined);
    (web as any).dependsOn('db');
    expect(synthErrors(stack)).toEqual([
      '[test/web] dependsOn() was given undefined, not a Container: pass a Container of this stack, e.g. web.dependsOn(db)',
      '[test/web] dependsOn() was given the string "db", not a Container: pass a Container of this stack, e.g. web.dependsOn(db)',
    ]);
  });

  test('resource.dependsOn written by the stack (the way before 0.2.0) is merged with dependsOn()', () => {
    const { stack, db, web } = twoContainers();
    const other = new Container(stack, 'other', { image, networks: [{ network: web.networks[0] }] });
    web.resource.dependsOn = [dependable(db.resource)];
    web.dependsOn(other);
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'web').depends_on).toEqual([
      `docker_container.${other.resource.friendlyUniqueId}`,
      `docker_container.${db.resource.friendlyUniqueId}`,
    ]);
  });

  test('resource.dependsOn alone, and the same container twice, are written once', () => {
    const { stack, db, web } = twoContainers();
    web.resource.dependsOn = [dependable(db.resource)];
    const json = synth(stack);
    expect(resourceNamed(json, 'docker_container', 'web').depends_on).toEqual([`docker_container.${db.resource.friendlyUniqueId}`]);
    web.dependsOn(db);
    expect(resourceNamed(synth(stack), 'docker_container', 'web').depends_on).toEqual([`docker_container.${db.resource.friendlyUniqueId}`]);
  });

  test('writes through container.resource to attributes the library renders are synth errors naming the API', () => {
    const { stack, web } = twoContainers();
    web.resource.env = ['B=2'];
    web.resource.networkMode = 'host';
    web.resource.putHost([{ host: 'x', ip: '10.0.0.1' }]);
    web.resource.putPorts([{ internal: 80 }]);
    web.resource.putNetworksAdvanced([{ name: 'other' }]);
    web.resource.addOverride('depends_on', ['docker_container.x']);
    expect(synthErrors(stack)).toEqual([
      expect.stringMatching(/^\[test\/web\] env was written through container.resource, .*; use the env prop/),
      expect.stringMatching(/^\[test\/web\] network_mode was written .*; use BuiltinNetwork.host\(host\)/),
      expect.stringMatching(/^\[test\/web\] host was written .*; use the extraHosts prop/),
      expect.stringMatching(/^\[test\/web\] ports was written .*; use container.expose\(port/),
      expect.stringMatching(/^\[test\/web\] networks_advanced was written .*; use the networks prop or container.attach/),
      expect.stringMatching(/^\[test\/web\] depends_on was written .*; use container.dependsOn\(other\)/),
    ]);
  });

  test('other attributes stay open to the escape hatch', () => {
    const { stack, web } = twoContainers();
    web.resource.addOverride('gpus', 'all');
    web.resource.shmSize = 128;
    const c = resourceNamed(synth(stack), 'docker_container', 'web');
    expect(c.gpus).toBe('all');
    expect(c.shm_size).toBe(128);
    expect(c.env).toEqual(['A=1']);
    expect(c.depends_on).toBeUndefined();
  });
});
