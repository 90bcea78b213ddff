import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformElement, TerraformLocal, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as exampleStacks from '../stacks';
import * as fc from 'fast-check';
import {
  BridgeNetwork,
  Container,
  HostEndpoint,
  PullPolicy,
  HealthCheck,
  Mount,
  OverlayNetwork,
  RegistryCredentials,
  SecretValue,
  Swarm,
  SwarmConfig,
  SwarmSecret,
  SwarmService,
  RemovalPolicy,
  Volume,
} from '../constructs';
import { declaredObjects } from '../cli/orphans';
import { escapeTemplate, hclQuoted, literalString, literalValue, readTemplateLiteral, writesLiterals } from '../constructs/private/terraform-literal';
import { composeStack } from './compose/helpers';
import { newStack, resources } from './util';

/**
 * Terraform's reading of a JSON string (hclsyntax's template scanner): a run of `$` (or `%`) directly before `{`
 * loses one character and stays literal, a single one starts an interpolation (or directive) that runs to its
 * matching `}`. An interpolation of a quoted string literal (`${"$"}`) reads as that text. Returns the literal
 * text, with each other expression written as `«expr»`, and the expressions.
 */
function readTemplate(s: string): { text: string; expressions: string[] } {
  let text = '';
  const expressions: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$' && c !== '%') {
      text += c;
      i++;
      continue;
    }
    let j = i;
    while (s[j] === c) j++;
    const run = j - i;
    if (s[j] !== '{') {
      text += c.repeat(run);
      i = j;
    } else if (run > 1) {
      text += c.repeat(run - 1) + '{';
      i = j + 1;
    } else {
      let depth = 1;
      let k = j + 1;
      let quoted = false;
      for (; k < s.length && depth > 0; k++) {
        if (quoted && s[k] === '\\') k++;
        else if (s[k] === '"') quoted = !quoted;
        else if (!quoted && s[k] === '{') depth++;
        else if (!quoted && s[k] === '}') depth--;
      }
      const expr = s.slice(j + 1, k - 1);
      const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(expr);
      if (c === '$' && literal) text += JSON.parse(`"${literal[1]}"`);
      else {
        text += `«${c}${expr}»`;
        expressions.push(`${c}{${expr}}`);
      }
      i = k;
    }
  }
  return { text, expressions };
}

/** Every string (object keys too) in a synthesized value, with its JSON path. */
function strings(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[`${at}{key}`, k] as [string, string], ...strings(v, `${at}.${k}`)]);
  }
  return [];
}

/** What an attacker would write: an interpolation, a directive, and an escape that must stay one. */
const HOSTILE = '${file("/etc/hostname")} %{ if true }x%{ endif } $${y} $$${z} 100%';

/**
 * Every expression Terraform would evaluate in the docker_* resources, data sources and the provider of a
 * synthesized stack, other than references to another resource's attribute (the library's tokens). The library's
 * own check (`terraform_data.dnc_network_drift`) is an expression on purpose and not looked at.
 */
function evaluatedExpressions(json: string): string[] {
  const parsed = JSON.parse(json);
  const docker = (blocks: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(blocks).filter(([type]) => type.startsWith('docker')));
  const scope = { resource: docker(parsed.resource), data: docker(parsed.data), provider: parsed.provider ?? {} };
  // References the library writes: other docker objects, and the stack's deployment identity (terraform_data).
  const reference = /^\$\{((data\.)?docker_[a-z_]+|terraform_data)\.[\w-]+\.[\w.]+\}$/;
  return strings(scope).flatMap(([at, s]) => readTemplate(s).expressions.filter((e) => !reference.test(e)).map((e) => `${at}: ${e}`));
}

describe('escapeTemplate: the inverse of Terraform reading a template', () => {
  test.each([
    ['${x}', '$${x}'],
    ['$${x}', '$$${x}'],
    ['$$${x}', '$$$${x}'],
    ['%{ if true }', '%%{ if true }'],
    ['%%{x}', '%%%{x}'],
    ['$ % { } $$ %% $x %x', '$ % { } $$ %% $x %x'],
    ['a$', 'a$'],
    ['${${x}}', '$${$${x}}'],
  ])('%s -> %s', (input, escaped) => {
    expect(escapeTemplate(input)).toBe(escaped);
    expect(readTemplate(escaped)).toEqual({ text: input, expressions: [] });
  });

  test('property: any text of $ % { } and others reads back as itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a', ' ', '"', '\\') }), (s) => {
        expect(readTemplate(escapeTemplate(s))).toEqual({ text: s, expressions: [] });
      }),
      { numRuns: 500 },
    );
  });

  test('readTemplateLiteral (for tools reading cdk.tf.json) undoes escapeTemplate and refuses expressions', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a') }), (s) => {
        expect(readTemplateLiteral(escapeTemplate(s))).toBe(s);
        expect(readTemplateLiteral(s)).toBe(readTemplate(s).expressions.length > 0 ? undefined : readTemplate(s).text);
      }),
      { numRuns: 500 },
    );
    expect(readTemplateLiteral('${docker_network.n.name}')).toBeUndefined();
    expect(readTemplateLiteral('x%{ if true }')).toBeUndefined();
    expect(readTemplateLiteral('n$${x}')).toBe('n${x}');
  });

  test('hclQuoted: a quoted HCL string with quotes, backslashes, control characters and template starts escaped', () => {
    expect(hclQuoted('a"b\\c\nd\te${f}%{g}\u0001')).toBe('"a\\"b\\\\c\\nd\\te$${f}%%{g}\\u0001"');
  });
});

describe('literalString and literalValue: literal parts escaped, tokens kept', () => {
  function render(make: (v: string) => unknown): unknown {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'lit');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    new TerraformLocal(stack, 'x', make(v.stringValue));
    return JSON.parse(Testing.synth(stack)).locals.x;
  }

  test('a string mixing a token and a literal ${x}', () => {
    const out = render((v) => literalString('${x} and ' + v + ' and %{y}')) as string;
    expect(out).toBe('$${x} and ${var.v} and %%{y}');
    expect(readTemplate(out)).toEqual({ text: '${x} and «$var.v» and %{y}', expressions: ['${var.v}'] });
  });

  test('a literal ${ right before a token and } after it stay literal around the reference', () => {
    const out = render((v) => literalString('${' + v + '}')) as string;
    expect(readTemplate(out)).toEqual({ text: '${«$var.v»}', expressions: ['${var.v}'] });
  });

  test('a literal ending in $ or % before a token is not merged into an escape', () => {
    const out = render((v) => literalString('cost: $$' + v + '%')) as string;
    expect(readTemplate(out).text).toBe('cost: $$«$var.v»%');
  });

  test('a token alone, numbers and booleans are unchanged; object keys are escaped', () => {
    expect(render((v) => literalValue(v))).toBe('${var.v}');
    expect(render((v) => literalValue({ 'k${a}': ['%{ if }', v + '$${', 1, true] }))).toEqual({ 'k$${a}': ['%%{ if }', '${var.v}$$${', 1, true] });
  });

  test('property: random literal parts around a token read back as the literal parts and the reference', () => {
    const part = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a', '"') });
    fc.assert(
      fc.property(part, part, (before, after) => {
        const out = render((v) => literalString(before + v + after)) as string;
        expect(readTemplate(out)).toEqual({ text: `${before}«$var.v»${after}`, expressions: ['${var.v}'] });
      }),
      { numRuns: 60 },
    );
  });
});

describe('every string the constructs render reaches Terraform as a literal', () => {
  test('container: name, image, env names and values, labels, command, entrypoint, health check, hostname, user, working dir, dns, hosts, logging, sysctls, mounts', () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { name: `n${HOSTILE}`, labels: { [`k${HOSTILE}`]: HOSTILE }, driverOptions: { [`o${HOSTILE}`]: HOSTILE } });
    new Container(stack, 'c', {
      image: `busybox${HOSTILE}`,
      name: `c${HOSTILE}`,
      networks: [{ network: net, aliases: [`a${HOSTILE}`] }],
      env: { [`E${HOSTILE}`]: HOSTILE },
      labels: { [`l${HOSTILE}`]: HOSTILE },
      command: ['sh', '-c', HOSTILE],
      entrypoint: [HOSTILE],
      healthCheck: HealthCheck.command(['test', HOSTILE]),
      hostname: `h${HOSTILE}`,
      user: HOSTILE,
      workingDir: `/w${HOSTILE}`,
      dns: [HOSTILE],
      dnsSearch: [HOSTILE],
      dnsOptions: [HOSTILE],
      extraHosts: { [`x${HOSTILE}`]: HOSTILE },
      logging: { driver: `d${HOSTILE}`, options: { [`lo${HOSTILE}`]: HOSTILE } },
      sysctls: { [`s${HOSTILE}`]: HOSTILE },
      mounts: [Mount.bind(`/src${HOSTILE}`, `/dst${HOSTILE}`), Mount.volume(new Volume(stack, 'vol', { name: `v${HOSTILE}` }), `/v${HOSTILE}`)],
      host,
    });
    const json = Testing.synth(stack); // validations off: the names are invalid on purpose
    const c = Object.values(resources(json, 'docker_container'))[0];
    const read = (s: string) => readTemplate(s).text;
    expect(read(c.name)).toBe(`c${HOSTILE}`);
    expect(read(c.image)).toBe(`busybox${HOSTILE}`);
    expect(c.env.map(read)).toContain(`E${HOSTILE}=${HOSTILE}`);
    expect(c.labels.map((l: any) => [read(l.label), read(l.value)])).toContainEqual([`l${HOSTILE}`, HOSTILE]);
    expect(c.command.map(read)).toEqual(['sh', '-c', HOSTILE]);
    expect(c.entrypoint.map(read)).toEqual([HOSTILE]);
    expect(c.healthcheck.test.map(read)).toEqual(['CMD', 'test', HOSTILE]);
    expect([c.hostname, c.user, c.working_dir].map(read)).toEqual([`h${HOSTILE}`, HOSTILE, `/w${HOSTILE}`]);
    expect([c.dns, c.dns_search, c.dns_opts].map((l: string[]) => l.map(read))).toEqual([[HOSTILE], [HOSTILE], [HOSTILE]]);
    expect(c.host.map((h: any) => [read(h.host), read(h.ip)])).toEqual([[`x${HOSTILE}`, HOSTILE]]);
    expect(read(c.log_driver)).toBe(`d${HOSTILE}`);
    expect(Object.entries(c.log_opts).map(([k, v]) => [read(k), read(v as string)])).toEqual([[`lo${HOSTILE}`, HOSTILE]]);
    expect(Object.entries(c.sysctls).map(([k, v]) => [read(k), read(v as string)])).toEqual([[`s${HOSTILE}`, HOSTILE]]);
    expect(c.mounts.map((m: any) => [m.source && read(m.source), read(m.target)])).toEqual(
      expect.arrayContaining([[`/src${HOSTILE}`, `/dst${HOSTILE}`]]),
    );
    expect(c.networks_advanced[0].aliases.map(read)).toEqual([`a${HOSTILE}`]);
    const n = Object.values(resources(json, 'docker_network'))[0];
    expect(read(n.name)).toBe(`n${HOSTILE}`);
    expect(n.labels.map((l: any) => [read(l.label), read(l.value)])).toContainEqual([`k${HOSTILE}`, HOSTILE]);
    expect(Object.entries(n.options).map(([k, v]) => [read(k), read(v as string)])).toContainEqual([`o${HOSTILE}`, HOSTILE]);
    // The only expressions left are the library's references (network name, volume name).
    expect(evaluatedExpressions(json)).toEqual([]);
  });

  test('volume: name, driver, driver options, labels', () => {
    const { stack } = newStack();
    new Volume(stack, 'v', { name: `v${HOSTILE}`, driver: `d${HOSTILE}`, driverOptions: { [`o${HOSTILE}`]: HOSTILE }, labels: { [`l${HOSTILE}`]: HOSTILE }, removalPolicy: RemovalPolicy.DESTROY });
    const json = Testing.synth(stack);
    const v = Object.values(resources(json, 'docker_volume'))[0];
    expect(readTemplate(v.driver).text).toBe(`d${HOSTILE}`);
    expect(Object.keys(v.driver_opts).map((k) => readTemplate(k).text)).toEqual([`o${HOSTILE}`]);
    expect(evaluatedExpressions(json)).toEqual([]);
  });

  test('swarm: overlay, service (env map keys and values, labels, command, container labels, mounts), secret and config', () => {
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm, name: `o${HOSTILE}`, labels: { [`l${HOSTILE}`]: HOSTILE } });
    const secret = new SwarmSecret(stack, 's', { swarm, name: `s${HOSTILE}`, value: SecretValue.fromFile(`/run/${HOSTILE}"\\`) });
    const config = new SwarmConfig(stack, 'cfg', { swarm, name: `c${HOSTILE}`, text: `${HOSTILE}\n"quoted" \\n` });
    new SwarmService(stack, 'svc', {
      swarm,
      image: `busybox${HOSTILE}`,
      name: `svc${HOSTILE}`,
      command: [HOSTILE],
      env: { [`E${HOSTILE}`]: HOSTILE },
      labels: { [`l${HOSTILE}`]: HOSTILE },
      containerLabels: { [`cl${HOSTILE}`]: HOSTILE },
      networks: [{ network: ov, aliases: [`a${HOSTILE}`] }],
      mounts: [Mount.tmpfs(`/t${HOSTILE}`)],
      secrets: [{ secret, fileName: `f${HOSTILE}` }],
      configs: [{ config, fileName: `/f${HOSTILE}` }],
    });
    const json = Testing.synth(stack);
    const s = Object.values(resources(json, 'docker_service'))[0];
    const spec = s.task_spec[0]?.container_spec?.[0] ?? s.task_spec.container_spec;
    expect(Object.entries(spec.env).map(([k, v]) => [readTemplate(k).text, readTemplate(v as string).text])).toEqual([[`E${HOSTILE}`, HOSTILE]]);
    expect(spec.command.map((c: string) => readTemplate(c).text)).toEqual([HOSTILE]);
    expect(readTemplate(s.name).text).toBe(`svc${HOSTILE}`);
    // Secret file path and config text go into Terraform functions as quoted HCL strings.
    expect(resources(json, 'docker_secret')[Object.keys(resources(json, 'docker_secret'))[0]].data).toBe(
      '${filebase64("/run/$${file(\\"/etc/hostname\\")} %%{ if true }x%%{ endif } $$${y} $$$${z} 100%\\"\\\\")}',
    );
    expect(Object.values(resources(json, 'docker_config'))[0].data).toBe(
      '${base64encode("$${file(\\"/etc/hostname\\")} %%{ if true }x%%{ endif } $$${y} $$$${z} 100%\\n\\"quoted\\" \\\\n")}',
    );
    // Nothing else is evaluated: the two function calls above are the only expressions besides references.
    expect(evaluatedExpressions(json).map((e) => e.replace(/^.*?: /, '').slice(0, 17)).sort()).toEqual(['${base64encode("$', '${filebase64("/ru']);
  });

  test('provider host, registry address and image names', () => {
    const { stack, host } = newStack({
      endpoint: HostEndpoint.ssh(`ssh://u@h${HOSTILE}`, [HOSTILE]),
      registries: [RegistryCredentials.fromEnvironment(`r${HOSTILE}.example`)],
    });
    new Container(stack, 'c', { image: host.image(`reg.example/busybox${HOSTILE}`, { pullPolicy: PullPolicy.ALWAYS }), host });
    const json = Testing.synth(stack);
    expect(evaluatedExpressions(json)).toEqual([]);
    expect(readTemplate(JSON.parse(json).provider.docker[0].host).text).toBe(`ssh://u@h${HOSTILE}`);
  });

  test('Compose: $${...} in a Compose value (a literal ${...} after Compose unescaping) stays literal', () => {
    const { stack } = composeStack(
      ['services:', '  app:', '    image: busybox:1.36', '    environment:', '      LEAK: "$${file(\\"/etc/hostname\\")}"', '    labels:', '      x: "%{ if true }y%{ endif }"'].join('\n'),
    );
    const json = Testing.synth(stack);
    const c = Object.values(resources(json, 'docker_container'))[0];
    expect(c.env).toContain('LEAK=$${file("/etc/hostname")}');
    expect(c.labels.map((l: any) => readTemplate(l.value).text)).toContain('%{ if true }y%{ endif }');
    expect(evaluatedExpressions(json)).toEqual([]);
  });

  test("a network's name inside the library's own expressions (a container's address on it) is an HCL string literal", () => {
    const { stack, host } = newStack();
    const net = new BridgeNetwork(stack, 'net', { name: 'n"${x}%{y}' });
    const db = new Container(stack, 'db', { image: 'busybox:1.36', networks: [{ network: net }], host });
    new Container(stack, 'web', { image: 'busybox:1.36', networks: [{ network: net }], extraHosts: { db: db.ipv4AddressOn(net) }, host });
    const web = Object.values(resources(Testing.synth(stack, true), 'docker_container')).find((c: any) => c.name === 'web');
    expect(web.host[0].ip).toContain('val.network_name == "n\\"$${x}%%{y}"');
  });

  test('npm run orphans reads names and labels from cdk.tf.json as Terraform does', () => {
    const { stack } = newStack();
    new BridgeNetwork(stack, 'net', { name: 'n${x}%{y}' });
    const { declared } = declaredObjects(JSON.parse(Testing.synth(stack)));
    expect(declared.map((d) => [d.name, d.constructPath])).toEqual([['n${x}%{y}', 'net']]);
  });

  test('property: random strings in container and network props synthesize to values Terraform reads back as the input', () => {
    const text = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', 'a', '"', '\\', '~'), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(text, text, text, text, (envValue, label, arg, netOption) => {
        const { stack, host } = newStack();
        const net = new BridgeNetwork(stack, 'net', { labels: { [label]: label }, driverOptions: { o: netOption } });
        new Container(stack, 'c', { image: 'busybox:1.36', networks: [{ network: net }], env: { V: envValue }, labels: { [label]: envValue }, command: [arg], host });
        const json = Testing.synth(stack);
        const c = Object.values(resources(json, 'docker_container'))[0];
        const n = Object.values(resources(json, 'docker_network'))[0];
        const read = (s: string) => readTemplate(s);
        expect(read(c.env.find((e: string) => e.startsWith('V='))).text).toBe(`V=${envValue}`);
        expect(c.labels.map((l: any) => [read(l.label).text, read(l.value).text])).toContainEqual([label, envValue]);
        expect(c.command.map((s: string) => read(s).text)).toEqual([arg]);
        expect(n.labels.map((l: any) => [read(l.label).text, read(l.value).text])).toContainEqual([label, label]);
        expect(read(n.options.o).text).toBe(netOption);
        expect(evaluatedExpressions(json)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the choke point covers every provider object', () => {
  // A provider resource, data source or provider created without literalAttributes() would write its strings
  // as templates again: every docker_* element of every example stack must go through it.
  test('each docker element of the example stacks and of a swarm stack writes its attributes through literalAttributes', () => {
    const app = Testing.app();
    const built: TerraformStack[] = [];
    for (const [name, Stack] of Object.entries(exampleStacks)) {
      if (typeof Stack !== 'function' || !(Stack.prototype instanceof TerraformStack)) continue;
      built.push(new (Stack as unknown as new (a: unknown, id: string, p: object) => TerraformStack)(app, name, { image: 'busybox:1.36' }));
    }
    const { stack, host } = newStack();
    const swarm = new Swarm(stack, 'swarm', { manager: host });
    const ov = new OverlayNetwork(stack, 'ov', { swarm });
    const secret = new SwarmSecret(stack, 's', { swarm, value: SecretValue.fromFile('/run/s') });
    const config = new SwarmConfig(stack, 'cfg', { swarm, text: 'x' });
    new SwarmService(stack, 'svc', { swarm, image: host.image('busybox:1.36', { pullPolicy: PullPolicy.ALWAYS }), networks: [{ network: ov }], secrets: [{ secret }], configs: [{ config, fileName: '/c' }] });
    new Volume(stack, 'vol', { removalPolicy: RemovalPolicy.DESTROY });
    built.push(stack);
    const elements = built
      .flatMap((s) => s.node.findAll())
      .filter((c): c is TerraformElement => c instanceof TerraformElement && /^docker/.test(String((c as unknown as { terraformResourceType?: string }).terraformResourceType)));
    const types = new Set(elements.map((e) => (e as unknown as { terraformResourceType: string }).terraformResourceType));
    expect([...types].sort()).toEqual(['docker', 'docker_config', 'docker_container', 'docker_image', 'docker_network', 'docker_registry_image', 'docker_secret', 'docker_service', 'docker_volume']);
    // literalAttributes() on the object, or a class whose own synthesize methods escape (a Container's resource)
    const unpatched = elements.filter((e) => !writesLiterals(e)).map((e) => e.node.path);
    expect(unpatched).toEqual([]);
  });
});

/** The Terraform CLI on PATH, if any. */
function terraformOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'terraform');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const TERRAFORM = terraformOnPath();
const tfTest = TERRAFORM ? test : test.skip;

describe(TERRAFORM ? 'the real Terraform CLI (offline, terraform console, no provider)' : 'the real Terraform CLI: SKIPPED, terraform is not on PATH', () => {
  tfTest('reads the escaped literals, and the synthesized container attributes, back as the original text', () => {
    const literals = ['$${file("/etc/hostname")}', '${file("/etc/hostname")}', '%{ if true }x%{ endif }', '$$${x}', '%%{y}', 'a$', '100%', '${', '$', '"q" \\ \n\t\u0001'];
    // The attributes of a real container, as synthesized (the provider itself is not needed to read them).
    const { stack, host } = newStack();
    new Container(stack, 'c', { image: 'busybox:1.36', env: Object.fromEntries(literals.map((l, i) => [`V${i}`, l])), command: literals, host });
    const c = Object.values(resources(Testing.synth(stack), 'docker_container'))[0];
    // A stack of locals holding the same texts through the helper, plus a token mixed with literals.
    const app = Testing.app();
    const lit = new TerraformStack(app, 'lit');
    const v = new TerraformVariable(lit, 'v', { type: 'string', default: 'VALUE' });
    new TerraformLocal(lit, 'values', {
      literals: literals.map(literalString),
      mixed: [literalString('${x} ' + v.stringValue + ' %{y}'), literalString('${' + v.stringValue + '}'), literalString('$' + v.stringValue + '$')],
      // Literal text inside an expression (what Fn arguments for secrets and configs get).
      quoted: literals.map((l) => '${' + hclQuoted(l) + '}'),
      env: c.env,
      command: c.command,
    });
    const config = JSON.parse(Testing.synth(lit));
    delete config.terraform; // no backend or providers: nothing to initialise
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-tf-literal-'));
    try {
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      fs.writeFileSync(path.join(dir, 'empty.tfrc'), '');
      const out = execFileSync(TERRAFORM!, ['console'], {
        cwd: dir,
        input: 'base64encode(jsonencode(local.values))\n',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'empty.tfrc'), TF_IN_AUTOMATION: '1', TF_INPUT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const values = JSON.parse(Buffer.from(out.trim().replace(/^"|"$/g, ''), 'base64').toString('utf8'));
      expect(values.literals).toEqual(literals);
      expect(values.mixed).toEqual(['${x} VALUE %{y}', '${VALUE}', '$VALUE$']);
      expect(values.env).toEqual(expect.arrayContaining(literals.map((l, i) => `V${i}=${l}`)));
      expect(values.command).toEqual(literals);
      expect(values.quoted).toEqual(literals);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
