import { generateStack, loadCompose } from '../../constructs/compose';
import { composeStack, errorsOf, synthJson } from './helpers';

// Inputs that were accepted and meant something else than under Compose (issue 20, "without a word").

describe('!reset null', () => {
  test('removes the command instead of running the command "null"', () => {
    const json = synthJson(composeStack('name: p\nservices:\n  web:\n    image: nginx\n    command: !reset null\n').stack);
    const container = Object.values<any>(json.resource.docker_container)[0];
    expect(container.command).toBeUndefined();
    expect(JSON.stringify(container)).not.toContain('"null"');
  });
});

describe('service tmpfs with options', () => {
  const yaml = 'name: p\nservices:\n  web:\n    image: nginx\n    tmpfs: ["/run:size=64m,mode=770", /cache]\n';

  test('size and mode are kept', () => {
    const loaded = loadCompose({ yaml, env: {} });
    expect(loaded.errors).toEqual([]);
    expect(loaded.plan?.services[0].runtime.mounts).toEqual([
      { type: 'tmpfs', target: '/run', sizeBytes: 64 * 1024 * 1024, mode: 0o770 },
      { type: 'tmpfs', target: '/cache' },
    ]);
    const mounts = Object.values<any>(synthJson(composeStack(yaml).stack).resource.docker_container)[0].mounts;
    expect(mounts).toEqual([
      { type: 'tmpfs', target: '/run', tmpfs_options: { size_bytes: 64 * 1024 * 1024, mode: 0o770 } },
      { type: 'tmpfs', target: '/cache' },
    ]);
    expect(generateStack(loaded.plan!, {})).toContain('Mount.tmpfs("/run", { size: Size.mebibytes(64), mode: 0o770 }), Mount.tmpfs("/cache")');
  });

  test('mode=1770: the sticky bit is not carried, said with the fix; the rest of the mode is', () => {
    const loaded = loadCompose({ yaml: yaml.replace('mode=770', 'mode=1770'), env: {} });
    expect(loaded.unmapped).toEqual([expect.stringMatching(/^<yaml>:5:13: services\.web\.tmpfs\[0\]: tmpfs mode 1770 has setuid, setgid or sticky bits, which the provider cannot set; write the permission bits only \(e\.g\. 770\)/)]);
    const warned = loadCompose({ yaml: yaml.replace('mode=770', 'mode=1770'), env: {}, mode: 'secure' });
    expect(warned.plan?.services[0].runtime.mounts?.[0]).toMatchObject({ mode: 0o770 });
  });

  test('other options are not carried over, and bad values are errors', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: nginx\n    tmpfs: ["/run:size=lots,mode=8,uid=1000"]\n', env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/tmpfs\[0\]: "lots" is not a size/), expect.stringMatching(/tmpfs\[0\]: tmpfs mode: "8" is not one of octal permission bits such as 755 or 1770/)]);
    expect(loaded.unmapped).toEqual([expect.stringMatching(/tmpfs\[0\]: tmpfs option "uid=1000" is not carried over \(size and mode are\)/)]);
  });
});

describe('external volumes mount the volume they name', () => {
  const yaml = (decl: string) => `name: p\nservices:\n  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data: ${decl}\n`;

  test.each([['{ external: { name: pgdata } }'], ['{ external: true, name: pgdata }']])('%s mounts pgdata, creates no p_data', (decl) => {
    const loaded = loadCompose({ yaml: yaml(decl), env: {} });
    expect(loaded.plan?.volumes.map((v) => [v.key, v.name, v.external])).toEqual([['data', 'pgdata', true]]);
    const { stack } = composeStack(yaml(decl), { unmapped: 'warn' });
    expect(errorsOf(stack)).toEqual([]);
    const json = synthJson(stack);
    expect(Object.values<any>(json.resource.docker_volume ?? {})).toEqual([]);
    expect(Object.values<any>(json.resource.docker_container)[0].mounts).toEqual([expect.objectContaining({ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' })]);
  });

  test('external: true alone mounts the key, without the project prefix (as Compose)', () => {
    expect(loadCompose({ yaml: yaml('{ external: true }'), env: {} }).plan?.volumes.map((v) => [v.name, v.external])).toEqual([['data', true]]);
  });
});
