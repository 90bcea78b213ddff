import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { ComposeProject, DockerHost } from '../../constructs';
import { loadCompose } from '../../constructs/compose';
import { parseDotEnv } from '../../constructs/compose/dotenv';
import { errorsOf, synthJson } from './helpers';

const temps: string[] = [];
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.compose-dotenv-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const values = (text: string, env: Record<string, string> = {}) => {
  const r = parseDotEnv(text, '.env', env);
  expect(r.errors).toEqual([]);
  return r.values;
};

// The rules of compose-go's dotenv parser (what `docker compose` reads), one by one.
describe('.env values as Compose reads them', () => {
  test('${VAR} in a value is expanded from the environment (docker/compose TestEnvInterpolation)', () => {
    expect(values('IMAGE=default_env:${WHEREAMI}\n', { WHEREAMI: 'Env' })).toEqual({ IMAGE: 'default_env:Env' });
  });

  test('and from the entries above it; the environment wins over them', () => {
    expect(values('HOST=localhost\nURL="http://${HOST}:${PORT:-80}"\n')).toEqual({ HOST: 'localhost', URL: 'http://localhost:80' });
    expect(values('HOST=localhost\nURL=http://$HOST\n', { HOST: 'host.local' })).toEqual({ HOST: 'localhost', URL: 'http://host.local' });
  });

  test('an unquoted value is cut only at " #"; a # inside it stays', () => {
    expect(values('PASSWORD=abc#def\nCOLOR=#fff\nNAME=web # the front end\nEMPTY= # nothing\n')).toEqual({
      PASSWORD: 'abc#def',
      COLOR: '#fff',
      NAME: 'web',
      EMPTY: '# nothing',
    });
  });

  test('quoted values keep #; single quotes do not expand, double quotes expand escapes and variables', () => {
    const text = ["D='a # b'", 'E="a # b" # comment', "S='${X} \\n $(hostname)'", 'Q="${X}\\n\\t\\"q\\" \\$X \\\\ \\0101"', "T='it\\'s'", ''].join('\n');
    expect(values(text, { X: 'x' })).toEqual({ D: 'a # b', E: 'a # b', S: '${X} \\n $(hostname)', Q: 'x\n\t"q" $X \\ A', T: "it's" });
  });

  test('a $ that starts no expression stays: $(hostname), a trailing $, $$', () => {
    expect(values('CMD=echo $(hostname)\nPRICE=5$\nLITERAL=$$HOME\n')).toEqual({ CMD: 'echo $(hostname)', PRICE: '5$', LITERAL: '$HOME' });
  });

  test('export, NAME: value, spaces around =, comments, a bare NAME from the environment, multi-line quotes', () => {
    const text = '# comment\n\nexport A=1\nB: 2\nC = 3\nFROM_ENV\nNOT_IN_ENV\nM="one\ntwo"\n';
    expect(values(text, { FROM_ENV: 'e' })).toEqual({ A: '1', B: '2', C: '3', FROM_ENV: 'e', M: 'one\ntwo' });
  });

  test('mistakes are errors with file:line:column and the fix; an unset variable is a warning', () => {
    expect(parseDotEnv('A=1\nB="open\n', '/p/.env', {}).errors).toEqual([expect.stringMatching(/^\/p\/\.env:2:3: B: the value starting with " is never closed; add the closing "/)]);
    expect(parseDotEnv('A=1\nMY VAR=1\n', '/p/.env', {}).errors).toEqual([expect.stringMatching(/^\/p\/\.env:2:1: the variable name "MY VAR" contains a space/)]);
    expect(parseDotEnv('A=1\nB/C=1\n', '/p/.env', {}).errors).toEqual([expect.stringMatching(/^\/p\/\.env:2:2: unexpected character "\/" in the variable name of "B\/C=1"; write NAME=value/)]);
    expect(parseDotEnv('A=${B:?set B}\n', '/p/.env', {}).errors).toEqual([expect.stringMatching(/^\/p\/\.env:1:3: A: required variable B is unset: set B/)]);
    expect(parseDotEnv('A=${B}\n', '/p/.env', {}).warnings).toEqual([expect.stringMatching(/^\/p\/\.env:1:3: A: variable B is not set; Compose substitutes an empty string/)]);
  });
});

describe('the .env beside a Compose file', () => {
  const compose = 'name: p\nservices:\n  web:\n    image: ${IMAGE}\n    environment:\n      PASSWORD: ${PASSWORD}\n';

  test('ComposeProject interpolates the file with the .env values read as Compose reads them', () => {
    const dir = project({ 'compose.yaml': compose, '.env': 'TAG=1.${MINOR}\nIMAGE=nginx:${TAG}\nPASSWORD=abc#def\n' });
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    new ComposeProject(stack, 'app', { file: path.join(dir, 'compose.yaml'), env: { MINOR: '27' } });
    const json = synthJson(stack);
    const container = Object.values<any>(json.resource.docker_container)[0];
    expect(container.env).toEqual(['PASSWORD=abc#def']);
    expect(Object.values<any>(json.resource.docker_image)[0].name).toBe('nginx:1.27');
  });

  test('a broken .env stops the load with its place; a directory named .env is skipped, as Compose does', () => {
    const broken = project({ 'compose.yaml': compose, '.env': 'IMAGE="nginx\n' });
    expect(loadCompose({ file: path.join(broken, 'compose.yaml'), env: {} }).errors).toEqual([expect.stringMatching(/\.env:1:7: IMAGE: the value starting with " is never closed/)]);
    const dir = project({ 'compose.yaml': compose });
    fs.mkdirSync(path.join(dir, '.env'));
    const loaded = loadCompose({ file: path.join(dir, 'compose.yaml'), env: { IMAGE: 'x', PASSWORD: 'y' } });
    expect(loaded.errors).toEqual([]);
  });

  test('ComposeProject fails synth (does not throw) on a broken .env', () => {
    const dir = project({ 'compose.yaml': compose, '.env': 'BAD KEY=1\n' });
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    new ComposeProject(stack, 'app', { file: path.join(dir, 'compose.yaml'), env: {} });
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/\.env:1:1: the variable name "BAD KEY" contains a space/)]);
  });
});
