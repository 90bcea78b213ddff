import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCompose } from '../../constructs/compose';
import { reservedVariableUses, TERRAFORM_RESERVED_VARIABLES } from '../../constructs/compose/terraform-variables';
import { ComposeMessages } from '../../constructs/compose/errors';
import { CLI_VOCABULARY, EXIT, main } from '../../scripts/compose-import';
import { composeStack, errorsOf, synthJson } from './helpers';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A project directory with compose.yml and the other files given. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.compose-tfvars-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, 'compose.yml');
}

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: path.join(__dirname, '..', '..') });
  return { status, stdout, stderr };
}

describe('variables Terraform reserves (count, source...)', () => {
  test('the list is what Terraform itself refuses (terraform validate, no init, no network)', () => {
    const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 30_000 });
    if (terraform.status !== 0) return; // no terraform on this machine: the list stands as documented
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.tf-reserved-'));
    temps.push(dir);
    const candidates = [...TERRAFORM_RESERVED_VARIABLES, 'module', 'terraform', 'var', 'each', 'self', 'path', 'data', 'resource', 'local', 'COUNT', 'web'];
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ variable: Object.fromEntries(candidates.map((n) => [n, { type: 'string' }])) }));
    const r = spawnSync('terraform', ['validate', '-json', '-no-color'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1' } });
    const refused = (JSON.parse(r.stdout).diagnostics as { detail?: string }[])
      .map((d) => /The variable name "([^"]+)" is reserved/.exec(d.detail ?? '')?.[1])
      .filter((n): n is string => n !== undefined);
    expect(refused.sort()).toEqual([...TERRAFORM_RESERVED_VARIABLES].sort());
  });

  test('compose import refuses ${count} at its place in the file, with the fix', () => {
    const file = project({ 'compose.yml': 'name: p\nservices:\n  web:\n    image: x\n    environment:\n      N: "${count}"\n', '.env': 'count=3\n' });
    const r = run([file]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/compose\.yml:6:10: .*the variable count would be a Terraform variable \(given at deploy as TF_VAR_count\), but Terraform reserves the name "count"/);
    expect(r.stderr).toContain('terraform init refuses it; rename the variable in the file and where it is set (.env, the environment), e.g. to COUNT');
    expect(r.stderr).not.toContain('type-checks and synthesizes');
  });

  test('compose import refuses a reserved name an env_file sets, at the env_file', () => {
    const file = project({ 'compose.yml': 'name: p\nservices:\n  web:\n    image: x\n    env_file: app.env\n  db:\n    image: y\n', 'app.env': 'source=git\n' });
    const r = run([file]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/compose\.yml:5:5: .*Terraform reserves the name "source"/);
    expect(r.stderr.match(/reserves the name/g)).toHaveLength(1);
  });

  test('ComposeProject substitutes the value, as Compose does: no Terraform variable, nothing refused', () => {
    const { stack } = composeStack('name: p\nservices:\n  web:\n    image: x\n    environment:\n      N: "${count}"\n', { env: { count: '3' } });
    expect(errorsOf(stack)).toEqual([]);
    expect(synthJson(stack).variable).toBeUndefined();
    expect(loadCompose({ yaml: 'name: p\nservices: { web: { image: "x:${version}" } }\n', env: { version: '1' } }).errors).toEqual([]);
  });

  test('a secret read from a reserved variable is refused in both, at its environment: field', () => {
    const yaml = 'name: p\nservices:\n  web:\n    image: x\n    secrets: [tok]\nsecrets:\n  tok:\n    environment: count\n';
    const { stack } = composeStack(yaml);
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/compose\.yml:8:5: secrets\.tok\.environment: the variable count would be a Terraform variable .*reserves the name "count"/)]);
    const r = run([project({ 'compose.yml': yaml })]);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/compose\.yml:8:5: .*reserves the name "count"/);
  });

  test('reservedVariableUses names each place and variable, not unset ones nor $$ literals', () => {
    const doc = { services: { a: { environment: { X: '${count}-${source}', Y: '$${count}', Z: '${depends_on}' } } } };
    const found = reservedVariableUses(doc, { count: '1', source: 's' }, ComposeMessages);
    expect(found.map((p) => [p.path.join('.'), /"(\w+)"/.exec(p.message)![1]])).toEqual([
      ['services.a.environment.X', 'count'],
      ['services.a.environment.X', 'source'],
    ]);
    expect(loadCompose({ yaml: 'name: p\nservices: { a: { image: "${COUNT}" } }\n', env: { COUNT: 'x' }, vocabulary: CLI_VOCABULARY, terraformVariables: true }).errors).toEqual([]);
  });

  test('a variable named like a service gets its own construct id and keeps its Terraform name', () => {
    const file = project({ 'compose.yml': 'name: p\nservices:\n  web:\n    image: x\n    environment:\n      N: "${web}"\n', '.env': 'web=secret-value\n' });
    const r = run([file, '--import-from', '../../constructs']);
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toContain('new TerraformVariable(this, "variable-web"');
    expect(r.stdout).toContain('.overrideLogicalId("web");');
    expect(r.stdout).toContain('new Container(this, "web"');
    expect(r.stdout).not.toContain('secret-value');
  });
});
