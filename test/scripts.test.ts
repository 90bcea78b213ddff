import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

// scripts/cdktf.sh behind `npm run synth`/`demo`: plain output in logs, no false [ERROR] lines.
describe('scripts/cdktf.sh', () => {
  test('piped output has no spinner frames, escape codes or false CLI-config errors', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-cdktf-sh-'));
    const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: path.join(out, 'missing.rc') };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const r = spawnSync(path.join(ROOT, 'scripts', 'cdktf.sh'), ['synth', '--output', out], { env, encoding: 'utf8', timeout: 90_000 });
    const text = r.stdout + r.stderr;
    expect(r.status).toBe(0);
    expect(text).toContain('Generated Terraform code for the stacks');
    expect(text).toContain(`TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE} cannot be read`);
    expect(text).not.toMatch(/\[ERROR\]|Unable to open CLI configuration file|Synthesizing/);
    expect(text).not.toContain('\u001b[');
    expect(fs.existsSync(path.join(out, 'stacks', 'custom-bridge', 'cdk.tf.json'))).toBe(true);
  }, 90_000);
});
