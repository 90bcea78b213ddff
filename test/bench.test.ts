import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { buildStack, cliCreateScript, cliRemoveScript, composeFile, specs } from '../bench/deploy-topology';
import { normalizeRoute, apiCalls } from '../bench/engine-trace';

// The deploy benchmark compares three ways of making the same objects: they must really be the same.
describe('deploy benchmark topology', () => {
  const t = { networks: 3, perNetwork: 5, image: 'e2e-busybox:latest' };

  test('the library stack, the CLI script and the Compose file hold the same networks, names, addresses and aliases', () => {
    const stack = new TerraformStack(Testing.app(), 'bench');
    buildStack(stack, t);
    const json = JSON.parse(Testing.synth(stack, true));
    const nets = Object.values<any>(json.resource.docker_network).map((n) => [n.name, n.ipam_config[0].subnet]);
    const ctrs = Object.values<any>(json.resource.docker_container).map((c) => [c.name, c.networks_advanced[0].ipv4_address, c.networks_advanced[0].aliases[0]]);
    expect(nets).toHaveLength(3);
    expect(ctrs).toHaveLength(15);
    expect(Object.values<any>(json.resource.docker_container)[0]).toMatchObject({ capabilities: { drop: ['ALL'] }, security_opts: ['no-new-privileges:true'] });

    const script = cliCreateScript(t);
    for (const [name, subnet] of nets) expect(script).toContain(`--subnet ${subnet} ${name}`);
    for (const [name, ip, alias] of ctrs) expect(script).toContain(`--name ${name} --network ${name.split('-')[0]} --ip ${ip} --network-alias ${alias} --cap-drop ALL --security-opt no-new-privileges:true`);
    expect(cliRemoveScript(t)).toContain('docker network rm b2');

    const compose = parse(composeFile(t));
    expect(Object.values<any>(compose.networks).map((n) => [n.name, n.ipam.config[0].subnet])).toEqual(nets);
    expect(Object.values<any>(compose.services).map((s) => [s.container_name, ...Object.values<any>(s.networks).flatMap((n) => [n.ipv4_address, n.aliases[0]])])).toEqual(ctrs);
    expect(compose.services['b0-0'].restart).toBe('no'); // a string, not YAML 1.1's boolean
  });

  test('sizes beyond the pool are refused', () => {
    expect(() => specs({ ...t, networks: 1025 })).toThrow(/at most 1024 networks/);
  });
});

describe('engine API trace', () => {
  test('routes lose ids, API version and query values', () => {
    expect(normalizeRoute('/v1.41/containers/3f2a9c/json?size=1')).toBe('/containers/{id}/json?size');
    expect(normalizeRoute('/v1.41/networks/create')).toBe('/networks/create');
    expect(normalizeRoute('/v1.41/containers/json?all=1&limit=0')).toBe('/containers/json?all&limit');
  });

  test('only the calls of the step are counted', () => {
    const log = [
      'time="2026-01-01T10:00:00.000000000Z" level=debug msg="Calling GET /v1.41/info"',
      'time="2026-01-01T10:00:05.000000000Z" level=debug msg="Calling POST /v1.41/containers/abc/start"',
      'time="2026-01-01T10:00:05.100000000Z" level=info msg="something else"',
    ].join('\n');
    const calls = apiCalls(log, new Date('2026-01-01T10:00:01Z'), new Date('2026-01-01T10:00:10Z'));
    expect(calls.map((c) => `${c.method} ${c.route}`)).toEqual(['POST /containers/{id}/start']);
  });
});
