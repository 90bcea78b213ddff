import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Every shell command of a pipeline file, in order. */
function commands(doc: any): string[] {
  const jobs = doc.jobs ?? doc;
  return Object.values<any>(jobs).flatMap((job) => [...(job?.script ?? []), ...(job?.steps ?? []).map((s: any) => s.run).filter(Boolean)]);
}

const files = ['examples/pipelines/.github/workflows/docker-network.yml', 'examples/pipelines/.gitlab-ci.yml'];

// The example pipelines run the commands the real-engine suite runs (e2e/pipeline.ts): scripts/pipeline.sh.
describe('example pipelines', () => {

  test.each(files)('%s: synth, plan as an artifact, apply of that plan, drift check', (file) => {
    const cmds = commands(parse(read(file)));
    expect(cmds).toEqual(
      expect.arrayContaining([
        'npm run synth',
        'scripts/pipeline.sh plan "$DIR" || [ $? = 2 ]',
        'scripts/pipeline.sh apply "$DIR"',
        'scripts/pipeline.sh drift "$DIR"',
      ]),
    );
    expect(read(file)).toMatch(/plan\.tfplan/);
  });

  test('the suite runs the same script, and the script passes -detailed-exitcode through', () => {
    expect(read('e2e/pipeline.ts')).toContain("path.join(__dirname, '..', 'scripts', 'pipeline.sh')");
    const script = read('scripts/pipeline.sh');
    expect(script).toMatch(/plan -input=false -no-color "\$\{lock\[@\]\}" -detailed-exitcode -out=plan\.tfplan/);
    expect(script).toMatch(/apply -input=false -no-color "\$\{lock\[@\]\}" plan\.tfplan/);
  });
});

// A saved plan holds every sensitive variable in clear text and the prior state (README "Plans hold secrets").
describe('saved plans hold secrets', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A `terraform` that writes plan.tfplan on plan (as Terraform does, under the caller's umask) and records the plan's mode at apply. */
  function stubTerraform(applyStatus: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-plan-secrets-'));
    temps.push(dir);
    const stack = path.join(dir, 'stack');
    fs.mkdirSync(stack);
    const tf = path.join(dir, 'terraform');
    fs.writeFileSync(
      tf,
      [
        '#!/bin/bash',
        'chdir="${1#-chdir=}"; shift',
        'case "$1" in',
        '  init) exit 0 ;;',
        '  plan) for a in "$@"; do case "$a" in -out=*) echo "TF_VAR_key=secret" > "$chdir/${a#-out=}" ;; esac; done; exit 2 ;;',
        `  apply) stat -c %a "$chdir/plan.tfplan" > "${dir}/mode-at-apply"; exit ${applyStatus} ;;`,
        'esac',
      ].join('\n'),
      { mode: 0o755 },
    );
    const run = (step: string) => spawnSync(path.join(ROOT, 'scripts', 'pipeline.sh'), [step, stack], { env: { ...process.env, TERRAFORM_BINARY_NAME: tf }, encoding: 'utf8', timeout: 30_000 });
    return { dir, stack, run };
  }

  test('pipeline.sh writes plan.tfplan mode 0600, makes it 0600 again before apply, and deletes it after the apply', () => {
    const { dir, stack, run } = stubTerraform(0);
    const plan = run('plan');
    expect(plan.status).toBe(2);
    expect(fs.statSync(path.join(stack, 'plan.tfplan')).mode & 0o777).toBe(0o600);
    expect(plan.stdout).toContain('mode 0600; it holds the sensitive variables in clear text');
    fs.chmodSync(path.join(stack, 'plan.tfplan'), 0o644); // as an artifact download may leave it
    const apply = run('apply');
    expect(apply.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'mode-at-apply'), 'utf8').trim()).toBe('600');
    expect(fs.existsSync(path.join(stack, 'plan.tfplan'))).toBe(false);
    expect(apply.stdout).toContain('applied the saved plan');
  });

  test('DNC_VERIFY=1: after a successful apply the step runs verify on the stack directory, and its exit status is the step\'s', () => {
    const { stack, run } = stubTerraform(0);
    expect(run('plan').status).toBe(2);
    const apply = spawnSync(path.join(ROOT, 'scripts', 'pipeline.sh'), ['apply', stack], {
      env: { ...process.env, TERRAFORM_BINARY_NAME: path.join(path.dirname(stack), 'terraform'), DNC_VERIFY: '1', DNC_VERIFY_ARGS: '--timeout 1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(apply.stdout).toContain('applied the saved plan');
    expect(apply.stdout).toContain('[pipeline] verify: the deployed topology measured with probes (DNC_VERIFY=1)');
    expect(apply.stderr).toMatch(/^stack .* is not synthesized: no .*cdk\.tf\.json/m); // the stub stack has no cdk.tf.json
    expect(apply.stdout).toContain('verify could not run (exit 5)');
    expect(apply.status).toBe(5);
  });

  test('a failed apply deletes the plan too; the next apply asks for a plan', () => {
    const { stack, run } = stubTerraform(1);
    expect(run('plan').status).toBe(2);
    const apply = run('apply');
    expect(apply.status).toBe(1);
    expect(fs.existsSync(path.join(stack, 'plan.tfplan'))).toBe(false);
    expect(apply.stdout).toContain('plan removed: make a fresh one');
    expect(run('apply').stdout).toContain('no saved plan');
  });

  test.each(files)('%s: the plan artifact is kept 1 day, and the file says why', (file) => {
    const doc = parse(read(file));
    const text = read(file);
    if (file.includes('.github')) {
      const upload = doc.jobs.plan.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact'));
      expect(upload.with['retention-days']).toBe(1);
    } else {
      expect(doc.plan.artifacts.expire_in).toBe('1 day');
      expect(doc.plan.artifacts.access).toBe('developer');
    }
    expect(text).toContain('holds every sensitive variable in clear text');
    expect(text).toContain('TlsMaterial.fromPath');
  });

  test('the README says so, with the alternatives', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('#### Plans hold secrets'), readme.indexOf('### Shared state with locking'));
    for (const fragment of ['every sensitive\nvariable in clear text', 'umask 077', 'TlsMaterial.fromPath()', 'RegistryCredentials.fromEnvironment()', 'encrypt the artifact', 'retention-days: 1']) {
      expect(section.replace(/\s+/g, ' ')).toContain(fragment.replace(/\s+/g, ' '));
    }
  });
});

// Supply chain (README "Supply chain: what is pinned, and what you pin").
describe('supply chain', () => {
  test('every action of the example GitHub workflow is pinned by a commit SHA, with its release in a comment', () => {
    const text = read('examples/pipelines/.github/workflows/docker-network.yml');
    const uses = [...text.matchAll(/^\s*-?\s*uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref, rest] of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  test('the README says why lock files are ignored here, how to pin images and actions, and where the Compose schema comes from', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('#### Supply chain'), readme.indexOf('### Shared state with locking')).replace(/\s+/g, ' ');
    for (const fragment of ['.terraform.lock.hcl', 'providers lock', 'pins every action by commit SHA', '@sha256:', 'dclint', 'compose.schema.json']) expect(section).toContain(fragment);
    expect(read('.gitignore')).toMatch(/^\.terraform\.lock\.hcl$/m);
    const pkg = JSON.parse(read('package.json'));
    expect(pkg.devDependencies.dclint).toMatch(/^\d+\.\d+\.\d+$/); // exact, as the README says
    expect(pkg.dependencies.dclint).toBeUndefined(); // the schema is a file of the build, not a run-time package
    expect(read('constructs/compose/schema.ts')).toContain("'schemas', 'compose.schema.json'");
  });
});
