import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCompose } from '../../constructs/compose';
import { homePath } from '../../constructs/compose/project-files';
import { CLI_VOCABULARY } from '../../scripts/compose-import';
import { composeStack, errorsOf } from './helpers';

const HOME = os.homedir();
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A project directory (under the temporary directory, outside the home directory) with these files. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.compose-home-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, 'compose.yml');
}

describe('a leading ~ is the home directory, as in Compose', () => {
  test('homePath: ~ and ~/x are this home, ~user/x is beside it, anything else is not a home path', () => {
    expect(homePath('~')).toBe(HOME);
    expect(homePath('~/.ssh/id_rsa')).toBe(path.join(HOME, '.ssh/id_rsa'));
    expect(homePath('~alice/data')).toBe(path.join(path.dirname(HOME), 'alice', 'data'));
    expect(homePath('./~/x')).toBeUndefined();
    expect(homePath('a~/x')).toBeUndefined();
    expect(homePath('/abs')).toBeUndefined();
  });

  test('a secret file ~/.ssh/id_rsa is outside the project (it was a bind of <project>/~/.ssh/id_rsa), shown with the real path', () => {
    const yaml = 'name: p\nservices:\n  web:\n    image: x\n    secrets: [key]\nsecrets:\n  key:\n    file: ~/.ssh/id_rsa\n';
    const { stack } = composeStack(yaml);
    const errors = errorsOf(stack);
    expect(errors).toEqual([expect.stringMatching(/compose\.yml:8:5: secrets\.key\.file: secret file "~\/\.ssh\/id_rsa" resolves to ".*", outside the project directory/)]);
    expect(errors[0]).toContain(JSON.stringify(path.join(HOME, '.ssh', 'id_rsa')).slice(0, -1));
    expect(errors[0]).not.toContain('/~/');
  });

  test('a build context ~/app and a config file ~user/app.conf are outside the project too', () => {
    const file = project({ 'compose.yml': 'name: p\nservices:\n  web:\n    build: ~/app\n    configs: [c]\nconfigs:\n  c:\n    file: ~nobody-here/app.conf\n' });
    const loaded = loadCompose({ file, env: {} });
    expect(loaded.errors).toEqual([
      expect.stringMatching(/compose\.yml:4:5: services\.web\.build: build context "~\/app" resolves to .*, outside the project directory/),
      expect.stringMatching(/compose\.yml:8:5: configs\.c\.file: config file "~nobody-here\/app\.conf" resolves to .*nobody-here.*, outside the project directory/),
    ]);
    expect(loaded.errors[0]).toContain(path.join(HOME, 'app'));
  });

  test('include, extends and env_file naming ~/... are outside the project, with the home path shown', () => {
    for (const [field, line] of [
      ['include', 'include: ["~/other.yml"]\nservices:\n  web:\n    image: x\n'],
      ['extends', 'services:\n  web:\n    extends: { file: ~/base.yml, service: b }\n'],
      ['env_file', 'services:\n  web:\n    image: x\n    env_file: ~/app.env\n'],
    ]) {
      const loaded = loadCompose({ file: project({ 'compose.yml': `name: p\n${line}` }), env: {} });
      expect({ field, errors: loaded.errors }).toEqual({ field, errors: expect.arrayContaining([expect.stringContaining(`(${JSON.stringify(path.join(HOME, field === 'env_file' ? 'app.env' : field === 'include' ? 'other.yml' : 'base.yml'))}: a leading ~ is a home directory) is outside the project directory`)]) });
    }
  });

  test('a bind source ~/minecraft_data is refused at its place in the file, with the fix, in both wordings', () => {
    const yaml = 'name: p\nservices:\n  mc:\n    image: x\n    volumes:\n      - ~/minecraft_data:/data\n';
    const { stack } = composeStack(yaml);
    const errors = errorsOf(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/compose\.yml:6:9: services\.mc\.volumes\[0\]: bind source "~\/minecraft_data" starts with ~, a home directory, which the library does not expand/);
    expect(errors[0]).toContain(`write the absolute path on the engine's host, e.g. ${JSON.stringify(path.join(HOME, 'minecraft_data'))}`);
    const cli = loadCompose({ yaml: yaml.replace('- ~/minecraft_data:/data', '- { type: bind, source: "~", target: /data }'), env: {}, vocabulary: CLI_VOCABULARY });
    expect(cli.errors).toEqual([expect.stringMatching(/bind source "~" starts with ~/)]);
  });
});
