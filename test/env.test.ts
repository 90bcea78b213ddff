import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { terraformEnv, userPath } from '../cli/env';

describe('userPath: relative paths from where the user ran npm', () => {
  test('INIT_CWD (set by npm run) wins over the current directory; absolute paths stay', () => {
    expect(userPath('out.svg', { INIT_CWD: '/home/me/project/docs' })).toBe('/home/me/project/docs/out.svg');
    expect(userPath('../x/y', { INIT_CWD: '/a/b' })).toBe('/a/x/y');
    expect(userPath('/abs/out.svg', { INIT_CWD: '/a/b' })).toBe('/abs/out.svg');
    expect(userPath('out.svg', {})).toBe(path.join(process.cwd(), 'out.svg'));
  });
});

describe('terraformEnv: a TF_CLI_CONFIG_FILE that cannot be read is left out, with one note', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-env-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a missing file: dropped, one note line naming it', () => {
    const notes: string[] = [];
    const missing = path.join(dir, 'missing.rc');
    const env = terraformEnv({ TF_CLI_CONFIG_FILE: missing, PATH: '/bin' }, (l) => notes.push(l));
    expect(env).toEqual({ PATH: '/bin' });
    expect(notes).toEqual([`note: TF_CLI_CONFIG_FILE=${missing} cannot be read; running terraform without it (its default CLI config, ~/.terraformrc if any)`]);
  });

  test('a readable file, or none set: the environment as it is, no note', () => {
    const rc = path.join(dir, 'ok.rc');
    fs.writeFileSync(rc, '');
    const notes: string[] = [];
    expect(terraformEnv({ TF_CLI_CONFIG_FILE: rc }, (l) => notes.push(l))).toEqual({ TF_CLI_CONFIG_FILE: rc });
    expect(terraformEnv({ HOME: '/root' }, (l) => notes.push(l))).toEqual({ HOME: '/root' });
    expect(notes).toEqual([]);
  });

  test('a directory is not a config file: dropped', () => {
    const notes: string[] = [];
    expect(terraformEnv({ TF_CLI_CONFIG_FILE: dir }, (l) => notes.push(l)).TF_CLI_CONFIG_FILE).toBeUndefined();
    expect(notes).toHaveLength(1);
  });
});
