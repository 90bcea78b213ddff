import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { App, TerraformStack, Testing } from 'cdktf';
import { ComposeProject, DockerHost, Swarm } from '../../constructs';
import { generateStack, loadCompose } from '../../constructs/compose';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'compose');
const OUT = path.join(EXAMPLES, 'generated');

const CASES = [
  { file: 'web-app.yml', cls: 'ShopStack' },
  { file: 'dns-filter.yml', cls: 'DnsfilterStack', env: { WEBPASSWORD: 'secret' } },
  { file: 'legacy-links.yml', cls: 'LegacyStack', insecure: { db: { defaultBridge: true }, web: { defaultBridge: true } } },
  { file: 'swarm-stack.yml', cls: 'StackStack', swarm: true },
];

/** docker_* resources by type, as name -> attributes without the logical ids and references that differ. */
function shape(json: string): Record<string, Record<string, unknown>> {
  const doc = JSON.parse(json);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [type, byId] of Object.entries<any>(doc.resource ?? {})) {
    out[type] = {};
    for (const r of Object.values<any>(byId)) {
      // Ownership labels name the stack and construct path, which differ by construction.
      if (Array.isArray(r.labels)) r.labels = r.labels.filter((l: any) => !String(l.label).startsWith('docker-network-cdktf/'));
      if (r.task_spec?.container_spec?.labels) r.task_spec.container_spec.labels = r.task_spec.container_spec.labels.filter((l: any) => !String(l.label).startsWith('docker-network-cdktf/'));
      const text = JSON.stringify(r).replace(/\$\{[^}]*\}/g, '<ref>').replace(/docker_container\.[\w-]+/g, '<c>').replace(/cdktf\.out\/stacks\/[\w-]+/g, 'cdktf.out/stacks/<stack>');
      out[type][r.name] = JSON.parse(text);
    }
  }
  return out;
}

// The generated stacks are committed under examples/compose/generated/, so `tsc --noEmit` (part of every check)
// compiles them with the project's strict settings; this test keeps them equal to what the generator prints.
// After an intended change of the generator: UPDATE_GENERATED=1 npx jest test/compose/codegen
describe('generated TypeScript stacks', () => {
  const generated: Record<string, string> = {};
  beforeAll(() => {
    for (const c of CASES) generated[c.file] = path.join(OUT, c.file.replace('.yml', '.ts'));
  });

  test.each(CASES)('$file: the committed generated stack is what the generator prints', (c) => {
    const loaded = loadCompose({ file: path.join(EXAMPLES, c.file), env: c.env ?? {}, insecure: c.insecure, swarm: c.swarm });
    expect(loaded.errors).toEqual([]);
    const code = generateStack(loaded.plan!, { importFrom: '../../../constructs', sourceFile: `examples/compose/${c.file}` });
    if (process.env.UPDATE_GENERATED === '1') fs.writeFileSync(generated[c.file], code);
    expect(fs.readFileSync(generated[c.file], 'utf8')).toBe(code);
  });

  test.each(CASES)('$file: the generated stack synthesizes what ComposeProject builds', (c) => {
    const mod = require(generated[c.file]);
    const fromCode = Testing.synth(new mod[c.cls](Testing.app(), 'gen'), true);
    const app = Testing.app();
    const stack = new TerraformStack(app, 'loaded');
    const host = new DockerHost(stack, 'host');
    new ComposeProject(stack, 'p', {
      file: path.join(EXAMPLES, c.file),
      env: c.env ?? {},
      insecure: c.insecure,
      swarm: c.swarm ? new Swarm(stack, 'swarm', { manager: host }) : undefined,
    });
    const fromFile = Testing.synth(stack, true);
    // Values of variables are Terraform variables in the generated stack: given as TF_VAR_<name>, they are the same.
    const env: Record<string, string> = c.env ?? {};
    for (const value of Object.values(env)) expect(fromCode).not.toContain(value);
    const given = fromCode.replace(/\$\{var\.(\w+)\}/g, (ref, name) => env[name] ?? ref);
    expect(shape(given)).toEqual(shape(fromFile));
  });

  test('the header lists fields not carried over when they are accepted; variables become reserved-word-safe', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  new:\n    image: x\n    devices: ["/dev/null:/dev/x"]\n', env: {} });
    const code = generateStack(loaded.plan!, { notes: loaded.unmapped.map((u) => `NOT CARRIED OVER: ${u}`) });
    expect(code).toContain('// NOT CARRIED OVER: <yaml>:5:5: services.new.devices');
    expect(code).toContain("new Container(this, \"new\"");
    expect(code).not.toMatch(/const new\b/);
  });

  test('npm run compose:import prints a stack, and fails with the places of what it cannot carry over', () => {
    const out = execFileSync('npx', ['tsx', 'scripts/compose-import.ts', 'examples/compose/web-app.yml'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('export class ShopStack extends TerraformStack');
    expect(out).toContain('from "../constructs"');
    let failure = '';
    try {
      execFileSync('npx', ['tsx', 'scripts/compose-import.ts', 'examples/compose/legacy-links.yml'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      failure = String((e as { stderr: string }).stderr);
    }
    expect(failure).toMatch(/error: examples\/compose\/legacy-links\.yml:9:5: services\.db\.network_mode: .*defaultBridge/);
  }, 60_000);
  void App;
});

describe('variables are referenced where interpolation put them, not wherever their value is', () => {
  const code = (yaml: string, env: Record<string, string>) => {
    const loaded = loadCompose({ yaml, env });
    expect(loaded.errors).toEqual([]);
    return generateStack(loaded.plan!, { importFrom: 'docker-network-cdktf' });
  };
  const envLine = (text: string) => /env: \{.*\}/.exec(text)![0];

  test('two variables with one value: each entry refers to its own (map, list and bare forms)', () => {
    const env = { DB_USER: 'admin', APP_USER: 'admin', OWNER: 'admin' };
    expect(envLine(code('name: p\nservices:\n  web:\n    image: busybox\n    environment:\n      DB_USER: ${DB_USER}\n      APP_USER: ${APP_USER}\n', env)))
      .toBe('env: { DB_USER: dbUserVariable.stringValue, APP_USER: appUserVariable.stringValue }');
    expect(envLine(code('name: p\nservices:\n  web:\n    image: busybox\n    environment:\n      - DB_USER=${DB_USER}\n      - APP_USER=${APP_USER}\n      - OWNER\n', env)))
      .toBe('env: { DB_USER: dbUserVariable.stringValue, APP_USER: appUserVariable.stringValue, OWNER: ownerVariable.stringValue }');
    expect(envLine(code('name: p\nservices:\n  web:\n    image: busybox\n    environment:\n      WHO: ${APP_USER}\n      DB: ${DB_USER}\n', env)))
      .toBe('env: { WHO: appUserVariable.stringValue, DB: dbUserVariable.stringValue }');
  });

  test('literal text equal to a value stays literal', () => {
    const env = { DB_USER: 'postgres', DB_PASSWORD: 'pw', NAME: 'web' };
    const text = code('name: p\nservices:\n  web:\n    image: busybox\n    environment:\n      DATABASE_URL: "postgres://${DB_USER}:${DB_PASSWORD}@db:5432/postgres"\n      HELLO: "hello ${NAME}, welcome to web"\n', env);
    expect(envLine(text)).toBe(
      'env: { DATABASE_URL: "postgres://" + dbUserVariable.stringValue + ":" + dbPasswordVariable.stringValue + "@db:5432/postgres", HELLO: "hello " + nameVariable.stringValue + ", welcome to web" }',
    );
  });

  test('a default in a default, and a part the mapping split off (a command word)', () => {
    const text = code('name: p\nservices:\n  web:\n    image: busybox\n    command: "echo ${A:-${B}} b"\n', { B: 'b' });
    expect(/command: \[.*\]/.exec(text)![0]).toBe('command: ["echo", bVariable.stringValue, "b"]');
  });
});
