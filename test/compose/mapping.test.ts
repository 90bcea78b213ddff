import { parseShortPort } from '../../constructs/compose/canonical';
import { normalizeProjectName } from '../../constructs/compose/normalize';
import { byName, composeStack, errorsOf, synthJson, warningsOf } from './helpers';

const svc = (body: string, extra = '') => `name: p\nservices:\n  web:\n    image: busybox\n${body}${extra}`;

describe('ports: short syntax', () => {
  test.each([
    ['80', { containerPorts: [80, 80], protocol: 'tcp' }],
    ['8080:80', { hostPorts: [8080, 8080], containerPorts: [80, 80], protocol: 'tcp' }],
    ['127.0.0.1:8080:80/udp', { hostIp: '127.0.0.1', hostPorts: [8080, 8080], containerPorts: [80, 80], protocol: 'udp' }],
    ['127.0.0.1::80', { hostIp: '127.0.0.1', containerPorts: [80, 80], protocol: 'tcp' }],
    ['[::1]:8080:80', { hostIp: '::1', hostPorts: [8080, 8080], containerPorts: [80, 80], protocol: 'tcp' }],
    ['8000-8001:80-81', { hostPorts: [8000, 8001], containerPorts: [80, 81], protocol: 'tcp' }],
  ])('%s', (spec, expected) => {
    expect(parseShortPort(spec)).toEqual(expected);
  });
  test.each([['http'], ['80:'], ['a:b:c:d']])('%s is not a port', (spec) => expect(parseShortPort(spec)).toBeUndefined());
});

describe('project names', () => {
  test.each([
    ['My_App', 'my_app'],
    ['web app!', 'webapp'],
    ['-x', 'x'],
    ['???', undefined],
  ])('%s -> %s', (raw, expected) => expect(normalizeProjectName(raw)).toBe(expected));

  test('from name:, else the directory, else projectName', () => {
    expect(composeStack('name: Shop\nservices: {}\n').project.projectName).toBe('shop');
    expect(composeStack('services: {}\n', { file: '/tmp/My-Dir/compose.yml' }).project.projectName).toBe('my-dir');
    expect(composeStack('name: a\nservices: {}\n', { projectName: 'b' }).project.projectName).toBe('b');
    expect(errorsOf(composeStack('services: {}\n', { projectName: 'Bad Name' }).stack)).toEqual([expect.stringMatching(/project name "Bad Name" is invalid/)]);
  });
});

describe('networks', () => {
  test('<project>_<network>, driver options, ipam, labels, internal', () => {
    const { stack } = composeStack(
      svc(
        '    networks: [front]\n',
        `networks:\n  front:\n    driver: bridge\n    internal: true\n    enable_ipv6: true\n    labels: [team=a]\n    driver_opts:\n      com.docker.network.bridge.name: br-front\n      com.docker.network.bridge.enable_icc: "false"\n      com.docker.network.driver.mtu: 1400\n      custom.opt: x\n    ipam:\n      driver: default\n      config:\n        - subnet: 10.70.0.0/24\n          ip_range: 10.70.0.128/25\n          gateway: 10.70.0.1\n          aux_addresses: { router: 10.70.0.2 }\n        - subnet: fd00:70::/64\n          gateway: fd00:70::1\n`,
      ),
    );
    const net = byName(synthJson(stack), 'docker_network', 'p_front');
    expect(net).toMatchObject({
      driver: 'bridge',
      internal: true,
      ipv6: true,
      labels: expect.arrayContaining([{ label: 'team', value: 'a' }]),
      options: { 'com.docker.network.bridge.name': 'br-front', 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.driver.mtu': '1400', 'custom.opt': 'x' },
      ipam_config: [
        { subnet: '10.70.0.0/24', ip_range: '10.70.0.128/25', gateway: '10.70.0.1', aux_address: { router: '10.70.0.2' } },
        { subnet: 'fd00:70::/64', gateway: 'fd00:70::1' },
      ],
    });
  });

  test('name: overrides the Docker name; the default network exists only when a service names none', () => {
    const json = synthJson(composeStack(svc('', 'networks:\n  front:\n    name: shared-front\n')).stack);
    expect(Object.values<any>(json.resource.docker_network).map((n) => n.name).sort()).toEqual(['p_default', 'shared-front']);
    const noDefault = synthJson(composeStack(svc('    networks: [front]\n', 'networks:\n  front: {}\n')).stack);
    expect(Object.values<any>(noDefault.resource.docker_network).map((n) => n.name)).toEqual(['p_front']);
  });

  test('external networks are used by name and created by nobody', () => {
    const json = synthJson(composeStack(svc('    networks: [outside]\n', 'networks:\n  outside:\n    external: true\n    name: corp-net\n')).stack);
    expect(json.resource.docker_network).toBeUndefined();
    expect(byName(json, 'docker_container', 'p-web-1').networks_advanced[0].name).toBe('corp-net');
  });

  test('enable_ipv6 without an IPv6 subnet, an undeclared network, an overlay without swarm are refused', () => {
    const errs = errorsOf(composeStack(svc('    networks: [nowhere, v6, ov]\n', 'networks:\n  v6:\n    enable_ipv6: true\n  ov:\n    driver: overlay\n')).stack);
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/compose\.yml:5:16: services\.web\.networks\[0\]: network "nowhere" is not declared/),
        expect.stringMatching(/compose\.yml:\d+:\d+: networks\.v6\.enable_ipv6: network v6 enables IPv6 without an IPv6 subnet/),
        expect.stringMatching(/networks\.ov\.driver: network ov is an overlay but no swarm was given/),
      ]),
    );
  });

  test('fields the library cannot express are listed with their place (not carried over)', () => {
    const errs = errorsOf(composeStack(svc('    networks: [a]\n', 'networks:\n  a:\n    driver: macvlan\n    ipam:\n      driver: custom\n')).stack);
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/not carried over: compose\.yml:\d+:5: networks\.a\.driver: driver "macvlan" is not carried over/),
        expect.stringMatching(/not carried over: compose\.yml:\d+:7: networks\.a\.ipam\.driver: ipam\.driver is not carried over/),
      ]),
    );
  });
});

describe('services', () => {
  test('image, command (shell words), environment list and map, labels, restart, hostname, container_name', () => {
    const json = synthJson(
      composeStack(
        `name: p\nservices:\n  aa:\n    image: busybox\n    command: sh -c "echo 'hi there' && sleep 1"\n    environment: [A=1, B, C=x=y]\n    labels: { k: v }\n    restart: always\n    hostname: h1\n  bb:\n    image: busybox\n    container_name: bee\n    command: [sleep, "9"]\n    environment: { X: 1, Y: null, Z: "" }\n`,
        { env: { B: 'from-env' } },
      ).stack,
    );
    const a = byName(json, 'docker_container', 'p-aa-1');
    expect(a).toMatchObject({ command: ['sh', '-c', "echo 'hi there' && sleep 1"], env: ['A=1', 'B=from-env', 'C=x=y'], restart: 'always', hostname: 'h1', labels: expect.arrayContaining([{ label: 'k', value: 'v' }]) });
    const b = byName(json, 'docker_container', 'bee');
    expect(b).toMatchObject({ command: ['sleep', '9'], env: ['X=1', 'Z='] });
  });

  test('the service name is an alias on every network, besides aliases; static addresses', () => {
    const json = synthJson(
      composeStack(
        svc('    networks:\n      front:\n        aliases: [www]\n        ipv4_address: 10.71.0.10\n      back:\n', 'networks:\n  front:\n    ipam:\n      config: [{subnet: 10.71.0.0/24}]\n  back: {}\n'),
      ).stack,
    );
    const nets = byName(json, 'docker_container', 'p-web-1').networks_advanced;
    expect(nets[0]).toMatchObject({ aliases: ['web', 'www'], ipv4_address: '10.71.0.10' });
    expect(nets[1]).toMatchObject({ aliases: ['web'] });
  });

  test('ports: secure mode binds 127.0.0.1, host_ip is kept, ranges expand, udp', () => {
    const json = synthJson(
      composeStack(svc('    ports:\n      - "8080:80"\n      - "0.0.0.0:8443:443"\n      - "9000-9001:7000-7001/udp"\n      - target: 53\n        published: "5353"\n        protocol: udp\n        host_ip: 127.0.0.2\n')).stack,
    );
    expect(byName(json, 'docker_container', 'p-web-1').ports).toEqual([
      { internal: 80, external: 8080, ip: '127.0.0.1', protocol: 'tcp' },
      { internal: 443, external: 8443, ip: '0.0.0.0', protocol: 'tcp' },
      { internal: 7000, external: 9000, ip: '127.0.0.1', protocol: 'udp' },
      { internal: 7001, external: 9001, ip: '127.0.0.1', protocol: 'udp' },
      { internal: 53, external: 5353, ip: '127.0.0.2', protocol: 'udp' },
    ]);
  });

  test('a container port alone is published on a port the engine picks', () => {
    const json = synthJson(composeStack(svc('    ports: ["80"]\n')).stack);
    expect(byName(json, 'docker_container', 'p-web-1').ports).toEqual([{ internal: 80, ip: '127.0.0.1', protocol: 'tcp' }]);
  });

  test('port refusals: a host range for one port, unequal ranges, sctp, garbage', () => {
    const { stack } = composeStack(svc('    ports: ["8000-8010:80", "8000-8001:80-82", "80/sctp", "x:y"]\n'), { unmapped: 'error' });
    const errs = errorsOf(stack);
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/services\.web\.ports\[0\]: 8000-8010:80 lets Docker pick one host port of a range/),
        expect.stringMatching(/services\.web\.ports\[1\]: 8000-8001:80-82: the host and container port ranges have different lengths/),
        expect.stringMatching(/services\.web\.ports\[2\]: protocol sctp is not carried over/),
        expect.stringMatching(/services\.web\.ports\[3\]: "x:y" is not a port specification/),
      ]),
    );
  });

  test('compose-compatible mode: 0.0.0.0, Docker default capabilities, no no-new-privileges, no notice', () => {
    const { stack, project } = composeStack(svc('    ports: ["8080:80"]\n    cap_add: [NET_ADMIN]\n'), { mode: 'compose-compatible', insecure: { web: { privilegedCapabilities: true } } });
    const c = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(c.ports[0].ip).toBe('0.0.0.0');
    expect(c.capabilities).toEqual({ add: ['CAP_NET_ADMIN'] });
    expect(c.security_opts).toBeUndefined();
    // No notice from the importer; the container itself warns about 0.0.0.0 (the library's warnings channel).
    expect(warningsOf(project)).toEqual([expect.stringMatching(/port 80\/tcp is published on every interface of the host \(0\.0\.0\.0\)/)]);
  });

  test('secure mode says once per service where it differs from Compose', () => {
    const { stack, project } = composeStack(svc('    ports: ["8080:80", "8081:81"]\n    cap_add: [NET_ADMIN]\n'), { insecure: { web: { privilegedCapabilities: true } } });
    const c = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(c.capabilities).toEqual({ add: ['CAP_NET_ADMIN'], drop: ['ALL'] });
    expect(c.security_opts).toEqual(['no-new-privileges:true']);
    const w = warningsOf(project);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/compose\.yml:3:3: services\.web: service web runs with the library's secure defaults where Compose differs: 2 published ports bound to 127\.0\.0\.1.*all Linux capabilities dropped, NET_ADMIN added back.*no-new-privileges set.*mode: 'compose-compatible'/);
  });

  test('mode: secure chosen explicitly acknowledges the differences: said as information, not as a warning', () => {
    const { stack, project } = composeStack(svc('    ports: ["8080:80"]\n'), { mode: 'secure' });
    expect(errorsOf(stack)).toEqual([]);
    expect(warningsOf(project)).toEqual([]);
    const infos = project.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    expect(infos).toEqual([expect.stringMatching(/service web runs with the library's secure defaults/)]);
  });

  test('in strict mode (DNC_STRICT=1) the warnings fail synth, fields not carried over included', () => {
    process.env.DNC_STRICT = '1';
    try {
      const errs = errorsOf(composeStack(svc('    devices: ["/dev/null:/dev/x"]\n'), { unmapped: 'warn' }).stack);
      expect(errs).toEqual([
        expect.stringMatching(/services\.web: service web runs with the library's secure defaults.*\(a warning, an error in strict mode\)$/),
        expect.stringMatching(/not carried over: compose\.yml:5:5: services\.web\.devices: .*\(a warning, an error in strict mode\)$/),
      ]);
    } finally {
      delete process.env.DNC_STRICT;
    }
  });

  test('cap_drop: [ALL] with cap_add keeps the drop in compose-compatible mode; a partial cap_drop there is not carried over', () => {
    const all = composeStack(svc('    cap_drop: [ALL]\n    cap_add: [CHOWN]\n'), { mode: 'compose-compatible' });
    expect(byName(synthJson(all.stack), 'docker_container', 'p-web-1').capabilities).toEqual({ add: ['CAP_CHOWN'], drop: ['ALL'] });
    const partial = composeStack(svc('    cap_drop: [NET_RAW]\n'), { mode: 'compose-compatible' });
    expect(errorsOf(partial.stack)).toEqual([expect.stringMatching(/services\.web\.cap_drop: cap_drop NET_RAW is not carried over in compose-compatible mode/)]);
  });

  test('privileged, pid/ipc host and network_mode host need the per-service opt-out, in either mode', () => {
    const body = '    privileged: true\n    pid: host\n    network_mode: host\n';
    for (const mode of ['secure', 'compose-compatible'] as const) {
      const errs = errorsOf(composeStack(svc(body), { mode }).stack);
      expect(errs).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/compose\.yml:5:5: services\.web\.privileged: privileged: true is forbidden by the library's secure defaults \(CIS 5\.5\); .*insecure: \{ "web": \{ privileged: true \} \}/),
          expect.stringMatching(/services\.web\.pid: pid: host .*hostPid: true/),
          expect.stringMatching(/services\.web\.network_mode: network_mode: host .*hostNetwork: true/),
        ]),
      );
    }
    const ok = composeStack(svc(body), { insecure: { web: { privileged: true, hostPid: true, hostNetwork: true } } });
    const c = byName(synthJson(ok.stack), 'docker_container', 'p-web-1');
    expect(c).toMatchObject({ privileged: true, pid_mode: 'host', network_mode: 'host' });
  });

  test('network_mode none; network_mode with networks is refused', () => {
    expect(byName(synthJson(composeStack(svc('    network_mode: none\n')).stack), 'docker_container', 'p-web-1').network_mode).toBe('none');
    expect(errorsOf(composeStack(svc('    network_mode: none\n    networks: [a]\n', 'networks:\n  a: {}\n')).stack)).toEqual([
      expect.stringMatching(/services\.web\.network_mode: network_mode and networks cannot both be set/),
    ]);
  });

  test('expose makes a port cluster-internal; links on a user-defined network become aliases', () => {
    const { stack, project } = composeStack('name: p\nservices:\n  db:\n    image: busybox\n    expose: ["5432"]\n  web:\n    image: busybox\n    links: ["db:database"]\n');
    const json = synthJson(stack);
    expect(byName(json, 'docker_container', 'p-db-1').networks_advanced[0].aliases).toEqual(['db', 'database']);
    expect(project.service('db').exposedPorts.map((e) => `${e.port}:${e.exposure.kind}`)).toEqual(['5432/tcp:cluster-internal']);
  });

  test('links on docker0 become hosts entries and link variables', () => {
    const { stack } = composeStack(
      'name: p\nservices:\n  db:\n    image: busybox\n    network_mode: bridge\n    expose: ["80"]\n  web:\n    image: busybox\n    network_mode: bridge\n    links: [db:database]\n',
      { insecure: { db: { defaultBridge: true }, web: { defaultBridge: true } } },
    );
    const web = byName(synthJson(stack), 'docker_container', 'p-web-1');
    expect(web.host[0].host).toBe('database');
    expect(web.env).toContain('DATABASE_PORT_80_TCP_PORT=80');
  });

  test('unknown service fields are not carried over; unmapped: warn turns them into warnings; restart retries map', () => {
    const yaml = svc('    restart: on-failure:3\n    devices: ["/dev/null:/dev/x"]\n');
    const errs = errorsOf(composeStack(yaml).stack);
    expect(errs).toEqual([
      expect.stringMatching(/not carried over: compose\.yml:6:5: services\.web\.devices: devices is not carried over: the library's Container has no such setting yet/),
    ]);
    const warned = composeStack(yaml, { unmapped: 'warn' });
    expect(errorsOf(warned.stack)).toEqual([]);
    expect(warningsOf(warned.project).filter((w) => w.startsWith('not carried over'))).toHaveLength(1);
    expect(byName(synthJson(warned.stack), 'docker_container', 'p-web-1')).toMatchObject({ restart: 'on-failure', max_retry_count: 3 });
  });

  test('top-level sections the library cannot express are listed; version is obsolete but harmless', () => {
    const { stack, project } = composeStack('version: "3.8"\nname: p\nservices: {}\nmodels:\n  llm:\n    model: ai/smollm2\n');
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/compose\.yml:4:1: models: models is not carried over/)]);
    expect(warningsOf(project)).toEqual([expect.stringMatching(/compose\.yml:1:1: version: version is obsolete/)]);
  });

  test('a service without image and build is refused; build without a Dockerfile fails at synth with the path', () => {
    expect(errorsOf(composeStack('name: p\nservices:\n  web:\n    command: [x]\n').stack)).toEqual([expect.stringMatching(/services\.web: service web has neither image nor build/)]);
    expect(errorsOf(composeStack('name: p\nservices:\n  web:\n    build: .\n').stack)).toEqual([expect.stringMatching(/no Dockerfile at ".*\/Dockerfile"; create it/)]);
  });

  test('deploy without a swarm: replicas are containers; swarm-only fields are not carried over', () => {
    expect(errorsOf(composeStack(svc('    deploy:\n      replicas: 2\n')).stack)).toEqual([]);
    expect(errorsOf(composeStack(svc('    deploy:\n      placement: {constraints: [x]}\n')).stack)).toEqual([expect.stringMatching(/services\.web\.deploy\.placement: deploy\.placement means something only to a swarm/)]);
  });
});

describe('errors from the file itself', () => {
  test('schema errors stop the mapping and are all reported with positions', () => {
    const { stack, project } = composeStack('name: p\nservices:\n  web:\n    image: busybox\n    portz: []\n    restart: 5\n');
    expect(errorsOf(stack)).toEqual([
      expect.stringMatching(/compose\.yml:5:5: services\.web\.portz: unknown field "portz".*did you mean "ports"/),
      expect.stringMatching(/compose\.yml:6:14: services\.web\.restart: number 5 must be string/),
    ]);
    expect(() => project.service('web')).toThrow(/no service "web" \(the file has errors, reported at synth\)/);
  });

  test('interpolation errors carry the position of the value', () => {
    const { stack } = composeStack('name: p\nservices:\n  web:\n    image: ${IMAGE:?set IMAGE}\n');
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/compose\.yml:4:12: services\.web\.image: required variable IMAGE is unset: set IMAGE/)]);
  });

  test('variables come from env, and an unset one is a warning', () => {
    const { stack, project } = composeStack('name: p\nservices:\n  web:\n    image: ${IMAGE}\n    environment: ["A=${NOPE}"]\n', { env: { IMAGE: 'alpine:3' } });
    expect(errorsOf(stack)).toEqual([]);
    expect(warningsOf(project)).toContainEqual(expect.stringMatching(/compose\.yml:5:19: services\.web\.environment\[0\]: variable NOPE is not set/));
  });

  test('no file and no yaml', () => {
    const { stack } = composeStack('', { yaml: undefined, file: undefined });
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/ComposeProject needs file or yaml/)]);
  });
});
