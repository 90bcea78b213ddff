import fc from 'fast-check';
import * as ts from 'typescript';
import { stringify } from 'yaml';
import { comment, generateStack, loadCompose, quote } from '../../constructs/compose';

/**
 * `compose:import` writes a Compose file as TypeScript that a team commits and runs: nothing in the file may become
 * code. These properties put hostile text in every Compose field that reaches the generated file and check that the
 * file has exactly the tokens it has with benign text (string literals and comments aside), parses without errors,
 * and has as many lines.
 */

/** Text that tries to leave a string literal or a comment, or to start a template. */
const HOSTILE = ['\n', '\r', '\u2028', '\u2029', '\u0085', '"', "'", '`', '*/', '/*', '//', '${', '\\', '});\nrequire("child_process").execSync("id");//', '$(id)', '\u0000'];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 4 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''))
  .filter((s) => s.trim().toLowerCase() !== 'all');

/** The fields of one Compose document that carry free text into the generated file. */
interface Fields {
  image: string;
  hostname: string;
  capAdd: string;
  command: string;
  entrypoint: string;
  envKey: string;
  envValue: string;
  labelValue: string;
  user: string;
  workingDir: string;
  dns: string;
  healthShell: string;
  alias: string;
  networkName: string;
  networkLabel: string;
  volumeName: string;
  mountTarget: string;
  securityOpt: string;
  pid: string;
  sourceFile: string;
  extraHost: string;
  dnsSearch: string;
  dnsOpt: string;
  driverOpt: string;
  volumeLabel: string;
  hostIp: string;
}

const KEYS: (keyof Fields)[] = [
  'image',
  'hostname',
  'capAdd',
  'command',
  'entrypoint',
  'envKey',
  'envValue',
  'labelValue',
  'user',
  'workingDir',
  'dns',
  'healthShell',
  'alias',
  'networkName',
  'networkLabel',
  'volumeName',
  'mountTarget',
  'securityOpt',
  'pid',
  'sourceFile',
  'extraHost',
  'dnsSearch',
  'dnsOpt',
  'driverOpt',
  'volumeLabel',
  'hostIp',
];

/** `$` is Compose's interpolation: written `$$` so that the text arrives as it is. */
const lit = (s: string) => s.replace(/\$/g, '$$$$');

function composeYaml(f: Fields): string {
  return stringify({
    name: 'p',
    services: {
      web: {
        image: `i${lit(f.image)}`, // a blank image is refused (issue 21): keep one character before the hostile text
        container_name: 'web-1', // the schema allows [a-zA-Z0-9][a-zA-Z0-9_.-]+ only
        hostname: lit(f.hostname),
        cap_add: [lit(f.capAdd)],
        command: [lit(f.command), 'x'],
        entrypoint: [lit(f.entrypoint)],
        // A key that is no identifier, so that it is always written quoted.
        environment: { [`k-${f.envKey}`]: lit(f.envValue), PLAIN: 'v' },
        labels: { 'com.example.k': lit(f.labelValue) },
        user: lit(f.user),
        working_dir: lit(f.workingDir),
        dns: [lit(f.dns)],
        healthcheck: { test: lit(f.healthShell) },
        networks: { front: { aliases: [lit(f.alias)] } },
        volumes: [{ type: 'volume', source: 'data', target: lit(f.mountTarget) }],
        ports: ['8080:80', { target: 81, published: 8081, host_ip: lit(f.hostIp) }],
        extra_hosts: { 'db.local': lit(f.extraHost) },
        dns_search: [lit(f.dnsSearch)],
        dns_opt: [lit(f.dnsOpt)],
        // Not carried over: their values reach the file's header as notes (--accept-unmapped).
        security_opt: [lit(f.securityOpt)],
        pid: lit(f.pid),
      },
    },
    networks: { front: { name: lit(f.networkName), labels: { k: lit(f.networkLabel) }, driver_opts: { 'com.example.opt': lit(f.driverOpt) } } },
    volumes: { data: { name: lit(f.volumeName), labels: { k: lit(f.volumeLabel) } } },
  });
}

/** What the CLI does with --accept-unmapped: the stack, with every field not carried over as a note. */
/** The generated file has the same statements, tokens and lines as the benign one: nothing from the file became code. */
function expectSameShape(code: string, benign: string): void {
  expect(shape(code)).toEqual(shape(benign));
  expect(tokens(code)).toEqual(tokens(benign));
  expect(lines(code)).toBe(lines(benign));
}

function generated(f: Fields): string {
  const loaded = loadCompose({ yaml: composeYaml(f), env: {} });
  if (!loaded.plan) throw new Error(`the document was refused: ${loaded.errors.join('\n')}`);
  return generateStack(loaded.plan, { sourceFile: f.sourceFile, notes: loaded.unmapped.map((u) => `NOT CARRIED OVER: ${u}`), importFrom: '../constructs' });
}

/** The file's tokens, string literals as one placeholder and comments and whitespace left out. */
function tokens(code: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  const out: string[] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.StringLiteral) out.push('"…"');
    else if (t === ts.SyntaxKind.SingleLineCommentTrivia) out.push('//');
    else if (t === ts.SyntaxKind.MultiLineCommentTrivia) out.push('/**/');
    else if (t === ts.SyntaxKind.NewLineTrivia) out.push('\\n');
    else if (t !== ts.SyntaxKind.WhitespaceTrivia) out.push(`${ts.SyntaxKind[t]}:${scanner.getTokenText()}`);
  }
  return out;
}

/** Statement kinds, recursively: what the program does. */
function shape(code: string): { statements: string[]; diagnostics: number } {
  const sf = ts.createSourceFile('stack.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statements: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStatement(n) || ts.isClassElement(n)) statements.push(ts.SyntaxKind[n.kind]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { statements, diagnostics: (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length };
}

const lines = (code: string) => code.split(/\r\n|[\n\r\u2028\u2029]/).length;

const BENIGN: Fields = Object.fromEntries(KEYS.map((k) => [k, 'benign'])) as unknown as Fields;

describe('compose:import: data never becomes code', () => {
  const benign = generated(BENIGN);

  test('the benign document generates a stack that parses', () => {
    expect(shape(benign).diagnostics).toBe(0);
    expect(benign).toContain('// NOT CARRIED OVER:');
  });

  test('hostile text in any field adds no token, statement or line (fast-check)', () => {
    const fieldsArb = fc.record(Object.fromEntries(KEYS.map((k) => [k, hostile])) as unknown as { [K in keyof Fields]: fc.Arbitrary<string> });
    fc.assert(
      fc.property(fieldsArb, (f) => {
        const code = generated(f);
        expectSameShape(code, benign);
      }),
      { numRuns: 60 },
    );
  });

  test('one field at a time, each hostile string (every field reaches the file)', () => {
    for (const k of KEYS) {
      for (const h of HOSTILE.filter((x) => x !== '\u0000')) {
        const f = { ...BENIGN, [k]: `a${h}b` };
        const code = generated(f);
        expect(code).not.toBe(benign); // the field reaches the file
        expect(tokens(code)).toEqual(tokens(benign));
        expect(lines(code)).toBe(lines(benign));
      }
    }
  });

  test('a newline in cap_add stays in its comment and its string (the reproducer of the review)', () => {
    const f = { ...BENIGN, capAdd: 'NET_ADMIN (x)\nrequire("child_process").execSync("touch /tmp/pwned");\n//' };
    const code = generated(f);
    expect(code).not.toMatch(/^\s*require\(/m);
    expect(code).toContain('// secure default: all Linux capabilities dropped, NET_ADMIN (x)\\u000arequire(');
    expect(code).toContain(`capabilities: [${quote(f.capAdd)}]`);
  });

  test('quote escapes U+2028 and U+2029; comment leaves no line terminator and no */', () => {
    expect(quote('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(eval(quote('a\u2028b"`${x}\n'))).toBe('a\u2028b"`${x}\n');
    const c = comment('x\ny\rz\u2028w\u2029v */ end');
    expect(c).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(c).not.toContain('*/');
    expect(c.startsWith('// ')).toBe(true);
  });
});

describe('compose:import with --swarm: data never becomes code', () => {
  const SWARM_KEYS = ['image', 'command', 'envValue', 'label', 'constraint', 'delay', 'alias', 'networkName', 'networkLabel', 'user', 'workingDir', 'healthShell', 'mountTarget', 'capAdd'] as const;
  type SwarmFields = Record<(typeof SWARM_KEYS)[number], string>;
  const swarmYaml = (f: SwarmFields) =>
    stringify({
      name: 'p',
      services: {
        api: {
          image: `i${lit(f.image)}`, // a blank image is refused (issue 21): keep one character before the hostile text
          command: [lit(f.command)],
          environment: { K: lit(f.envValue) },
          cap_add: [lit(f.capAdd)],
          user: lit(f.user),
          working_dir: lit(f.workingDir),
          healthcheck: { test: lit(f.healthShell) },
          volumes: [{ type: 'volume', source: 'data', target: lit(f.mountTarget) }],
          networks: { mesh: { aliases: [lit(f.alias)] } },
          ports: [{ target: 80, published: 8080, mode: 'host' }],
          deploy: {
            replicas: 2,
            endpoint_mode: 'dnsrr',
            labels: { 'com.example.k': lit(f.label) },
            placement: { constraints: [lit(f.constraint)] },
            restart_policy: { condition: 'on-failure', delay: lit(f.delay), max_attempts: 3 },
          },
        },
      },
      networks: { mesh: { driver: 'overlay', name: lit(f.networkName), labels: { k: lit(f.networkLabel) } } },
      volumes: { data: {} },
    });
  const swarmCode = (f: SwarmFields) => {
    const loaded = loadCompose({ yaml: swarmYaml(f), env: {}, swarm: true });
    if (loaded.errors.length > 0 || !loaded.plan) throw new Error(`the document was refused: ${loaded.errors.join('\n')}`);
    return generateStack(loaded.plan, { notes: loaded.unmapped });
  };
  const benignSwarm = swarmCode(Object.fromEntries(SWARM_KEYS.map((k) => [k, 'benign'])) as SwarmFields);

  test('hostile text in any swarm field adds no token, statement or line (fast-check)', () => {
    expect(shape(benignSwarm).diagnostics).toBe(0);
    expect(benignSwarm).toContain('endpointMode: EndpointMode.DNSRR');
    const arb = fc.record(Object.fromEntries(SWARM_KEYS.map((k) => [k, hostile])) as { [K in keyof SwarmFields]: fc.Arbitrary<string> });
    fc.assert(
      fc.property(arb, (f) => {
        const code = swarmCode(f);
        expectSameShape(code, benignSwarm);
      }),
      { numRuns: 40 },
    );
  });
});

describe('compose:import: enumerations are checked before codegen', () => {
  const swarmDoc = (deploy: string) => `name: p\nservices:\n  web:\n    image: x\n    deploy:\n${deploy}\nnetworks: {}\n`;

  test('deploy.endpoint_mode outside vip, dnsrr is refused with file:line:column (not pasted after EndpointMode.)', () => {
    const loaded = loadCompose({ yaml: swarmDoc('      endpoint_mode: "VIP; require(\'child_process\')"'), env: {}, swarm: true });
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:6:7: services\.web\.deploy\.endpoint_mode: deploy\.endpoint_mode: "VIP; require\('child_process'\)" is not one of vip, dnsrr/)]);
  });

  test('deploy.restart_policy.condition and a port mode outside their sets are refused', () => {
    const rp = loadCompose({ yaml: swarmDoc('      restart_policy: { condition: always }'), env: {}, swarm: true });
    expect(rp.errors.join('\n')).toMatch(/<yaml>:\d+:\d+: services\.web\.deploy\.restart_policy\.condition: .*"always" is not one of none, on-failure, any/);
    const port = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: x\n    ports: [{ target: 80, published: 8080, mode: "host\\nx" }]\n', env: {} });
    expect(port.errors.join('\n')).toMatch(/services\.web\.ports\[0\]\.mode: mode: "host\\nx" is not one of ingress, host/);
  });

  test('endpoint_mode dnsrr is written as EndpointMode.DNSRR', () => {
    const loaded = loadCompose({ yaml: swarmDoc('      endpoint_mode: dnsrr'), env: {}, swarm: true });
    expect(loaded.errors).toEqual([]);
    expect(generateStack(loaded.plan!)).toContain('endpointMode: EndpointMode.DNSRR');
  });

  test('a name inside a string or a comment is not a use of a variable (no unused const)', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  cache:\n    image: x\n  web:\n    image: x\n    environment: { NOTE: "talks to cache and db", PEER: "x cache" }\n', env: {} });
    const code = generateStack(loaded.plan!);
    expect(code).not.toMatch(/const cache = /);
    expect(code).toContain('new Container(this, "cache"');
  });

  test('a project name starting with a digit gives a valid class name', () => {
    const loaded = loadCompose({ yaml: 'name: 3tier\nservices:\n  web:\n    image: x\n', env: {} });
    expect(generateStack(loaded.plan!)).toContain('export class Compose3tierStack extends TerraformStack');
  });
});

describe('compose:import: numbers are checked before codegen', () => {
  test.each([
    ['    deploy: { replicas: "2; require(1)" }\n', true, /services\.web\.deploy\.replicas: deploy\.replicas: "2; require\(1\)" is not one of a whole number/],
    ['    healthcheck: { test: "true", retries: "x" }\n', false, /services\.web\.healthcheck\.retries: healthcheck\.retries: "x" is not one of a whole number/],
    ['    x-exposure: [{ target: 80, kind: published, published: "80x" }]\n', false, /x-exposure\[0\]\.published: "80x" is not a port specification/],
  ])('%s is refused with its place', (body, swarm, message) => {
    const loaded = loadCompose({ yaml: `name: p\nservices:\n  web:\n    image: x\n${body}`, env: {}, swarm });
    expect(loaded.errors.join('\n')).toMatch(message);
  });
});
