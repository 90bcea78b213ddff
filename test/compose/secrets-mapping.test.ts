import * as os from 'os';
import * as path from 'path';
import { checkGeneratedStacks } from '../../cli/compose-check';
import { ComposeProject } from '../../constructs';
import { generateStack, loadCompose } from '../../constructs/compose';
import { byName, composeStack, errorsOf, synthJson } from './helpers';

/**
 * Secrets and configs given by a variable of the environment or by `content:`, without a swarm: written into the
 * container as files (the provider's `upload`) with Compose's mode 0444, the variable's value never in the stack.
 */

const SECRET = 'pa55-${not-a-template}-w0rd';

const YAML = `
name: vault
services:
  app:
    image: busybox:1.36
    environment:
      GREETING: \${GREETING}
    secrets:
      - db_password
      - { source: db_password, target: /etc/db/password }
    configs:
      - app_conf
      - { source: from_env, target: conf/env.conf }
secrets:
  db_password:
    environment: DB_PASSWORD
configs:
  app_conf:
    content: |
      greeting = \${GREETING}
      literal = $\${HOME} %{x}
  from_env:
    environment: APP_CONF
`;

const ENV = { DB_PASSWORD: SECRET, APP_CONF: 'conf-from-env', GREETING: 'hello-there' };

describe('Compose secrets and configs by environment or content', () => {
  test('ComposeProject: each is a file with mode 0444; environment values are sensitive variables by reference, never values', () => {
    const { stack } = composeStack(YAML, { env: ENV });
    const json = synthJson(stack);
    const c = byName(json, 'docker_container', 'vault-app-1');
    expect(c.upload).toEqual([
      { file: '/run/secrets/db_password', content: '${var.DB_PASSWORD}', permissions: '0444' },
      { file: '/etc/db/password', content: '${var.DB_PASSWORD}', permissions: '0444' },
      { file: '/app_conf', content: 'greeting = hello-there\nliteral = $${HOME} %%{x}\n', permissions: '0444' },
      { file: '/conf/env.conf', content: '${var.APP_CONF}', permissions: '0444' },
    ]);
    expect(json.variable.DB_PASSWORD).toMatchObject({ type: 'string', sensitive: true });
    expect(json.variable.APP_CONF).toMatchObject({ type: 'string', sensitive: true });
    const text = JSON.stringify(json);
    expect(text).not.toContain('pa55');
    expect(text).not.toContain('conf-from-env');
  });

  test('two projects of one stack share the variable', () => {
    const { stack, host } = composeStack(YAML, { env: ENV });
    new ComposeProject(stack, 'again', { yaml: YAML.replace('name: vault', 'name: vault2'), file: 'compose.yml', env: ENV, host });
    const json = synthJson(stack);
    expect(Object.keys(json.variable).sort()).toEqual(['APP_CONF', 'DB_PASSWORD']);
  });

  test('compose import: the generated stack declares the sensitive variables and reads them, and compiles and synthesizes', () => {
    const loaded = loadCompose({ yaml: YAML, file: path.join(os.tmpdir(), 'compose.yml'), env: ENV });
    expect(loaded.errors).toEqual([]);
    const code = generateStack(loaded.plan!, { importFrom: 'docker-network-cdktf' });
    expect(code).toContain(`const dbPasswordVariable = new TerraformVariable(this, "DB_PASSWORD", { type: 'string', sensitive: true`);
    expect(code).toContain(`ContainerFile.fromVariable("/run/secrets/db_password", dbPasswordVariable, { mode: 0o444 })`);
    expect(code).toContain(`ContainerFile.fromVariable("/conf/env.conf", appConfVariable, { mode: 0o444 })`);
    // The interpolated variable of the content is a reference too, as in env.
    expect(code).toContain(`ContainerFile.fromString("/app_conf", "greeting = " + greetingVariable.stringValue + "\\nliteral = \${HOME} %{x}\\n", { mode: 0o444 })`);
    expect(code).not.toContain('pa55');
    expect(code).not.toContain('conf-from-env');
    expect(code.match(/new TerraformVariable\(this, "GREETING"/g)).toHaveLength(1);
    const checks = checkGeneratedStacks([{ code, importFrom: 'docker-network-cdktf', className: /export class (\w+)/.exec(code)![1], stackId: 'vault', fileName: path.join(os.tmpdir(), 'secrets-import', 'stack.ts'), cwd: os.tmpdir() }]);
    expect(checks[0].notRun).toBeUndefined();
    expect(checks[0].problems).toEqual([]);
  }, 120_000);

  test('a variable with no value at import is declared all the same (the environment gives it at deploy)', () => {
    const loaded = loadCompose({ yaml: YAML, file: path.join(os.tmpdir(), 'compose.yml'), env: {} });
    const code = generateStack(loaded.plan!, { importFrom: 'docker-network-cdktf' });
    expect(code).toContain(`new TerraformVariable(this, "DB_PASSWORD"`);
    expect(code).toMatch(/TF_VAR_DB_PASSWORD/);
  });

  test('refused: a variable name Terraform cannot take, empty content, mode/uid/gid, and a read-only root file system', () => {
    const bad = `
name: bad
services:
  app:
    image: busybox:1.36
    secrets:
      - dotted
      - { source: ok, mode: 0400 }
    configs:
      - empty
      - conf
secrets:
  dotted:
    environment: "my.var"
  ok:
    environment: OK_VAR
configs:
  empty:
    content: ""
  conf:
    content: "x"
`;
    const errors = errorsOf(composeStack(bad).stack).join('\n');
    expect(errors).toMatch(/secrets\.dotted\.environment: secret dotted reads the variable "my\.var", which cannot be a Terraform variable/);
    expect(errors).toMatch(/configs\.empty\.content: config empty has empty content:, which the provider cannot write/);
    expect(errors).toMatch(/mode of a secret given by environment: or content: is not carried over yet: the library writes the file with Compose's default, mode 0444/);
    const readOnly = `
name: ro
services:
  app:
    image: busybox:1.36
    read_only: true
    configs: [conf]
configs:
  conf:
    content: "x"
`;
    expect(errorsOf(composeStack(readOnly).stack).join('\n')).toMatch(/services\.app\.read_only: service app has read_only: true and a secret or config given by environment: or content: \(\/conf\); Docker refuses/);
  });
});
