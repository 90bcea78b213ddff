import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { ComposeProject, DockerHost } from '../../constructs';
import { ComposeSource, loadCompose } from '../../constructs/compose';
import { COMPOSE_LIMITS } from '../../constructs/compose/source';
import { EXIT, main } from '../../scripts/compose-import';
import { composeStack, errorsOf } from './helpers';

const temps: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.compose-load-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function importCli(file: string) {
  let stdout = '';
  let stderr = '';
  const status = main([file], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: path.dirname(file) });
  return { status, stdout, stderr };
}

/** Nine aliases per level, six levels: 9^6 = 531441 strings (597871 values with the lists) from 12 short lines. */
const ALIAS_BOMB = [
  'name: p',
  'x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'services:',
  '  web:',
  '    image: nginx',
  '    command: *f',
  '',
].join('\n');

describe('a YAML alias bomb', () => {
  test('loadCompose returns the problem at the alias, file:line:column, with the fix (no ReferenceError)', () => {
    const loaded = loadCompose({ yaml: ALIAS_BOMB, env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:11:14: the document has \d+ values once its aliases are expanded \(\*f here alone stands for 597871\), more than the 100000 .*alias bomb.*; write the values out/)]);
    expect(loaded.plan).toBeUndefined();
  });

  test('ComposeProject is constructed and fails synth with that message', () => {
    let stack!: TerraformStack;
    expect(() => (stack = composeStack(ALIAS_BOMB).stack)).not.toThrow();
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/compose\.yml:11:14: .*alias bomb/)]);
  });

  test('compose:import says so in one line, without a stack trace', () => {
    const file = path.join(tempDir(), 'compose.yaml');
    fs.writeFileSync(file, ALIAS_BOMB);
    const r = importCli(file);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr).toMatch(/^error: .*compose\.yaml:11:14: .*alias bomb/);
    expect(r.stderr).not.toMatch(/ReferenceError|\n\s+at /);
    expect(r.stdout).toBe('');
  });

  test('more aliases than maxAliases are refused at the first one too many', () => {
    const uses = Array.from({ length: COMPOSE_LIMITS.maxAliases + 1 }, () => '*s').join(', ');
    const loaded = loadCompose({ yaml: `name: p\nservices: {}\nx-s: &s x\nx-u: [${uses}]\n`, env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:4:4007: this is alias number 1001: a Compose file may use at most 1000 \(COMPOSE_LIMITS\.maxAliases\)/)]);
  });

  test("yaml's own alias limit (maxAliasCount) is a second net: caught, never thrown", () => {
    // 101 uses of an anchor holding 100 aliases: 10100 > maxAliasCount for yaml, 201 aliases and ~10000 values here.
    const inner = Array.from({ length: 100 }, () => '*a').join(', ');
    const outer = Array.from({ length: 101 }, () => '*b').join(', ');
    const loaded = loadCompose({ yaml: `name: p\nservices: {}\nx-a: &a x\nx-b: &b [${inner}]\nx-u: [${outer}]\n`, env: {} });
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:5:407: Excessive alias count .*\(more than 10000 alias uses, COMPOSE_LIMITS\.maxAliasCount\); write the values out/)]);
  });

  test('an alias inside its own anchor, and an alias without anchor, are named at the alias', () => {
    expect(loadCompose({ yaml: 'name: p\nservices: {}\nx-a: &a [1, *a]\n', env: {} }).errors).toEqual([expect.stringMatching(/^<yaml>:3:13: the alias \*a is inside the value anchored as &a.*; move the alias out/)]);
    expect(loadCompose({ yaml: 'name: p\nservices: {}\nx-a: *nope\n', env: {} }).errors).toEqual([expect.stringMatching(/^<yaml>:3:6: the alias \*nope has no anchor &nope before it; define the anchor first/)]);
  });

  test('merge keys and ordinary aliases still work', () => {
    const loaded = loadCompose({ yaml: 'name: p\nx-d: &d { image: nginx, restart: always }\nservices:\n  web:\n    <<: *d\n    restart: "no"\n  api: *d\n', env: {} });
    expect(loaded.errors).toEqual([]);
    expect(loaded.plan?.services.map((s) => [s.key, s.image])).toEqual([['web', 'nginx'], ['api', 'nginx']]);
  });
});

describe('what a bad file may cost is bounded', () => {
  test('a 5 MB file that is not YAML is refused before it is read, in one line', () => {
    const file = path.join(tempDir(), 'compose.yaml');
    fs.writeFileSync(file, Buffer.alloc(5 * 1024 * 1024, '}{[ ]: : "x \t- ]['));
    const start = Date.now();
    const loaded = loadCompose({ file, env: {} });
    const ms = Date.now() - start; // measured: 0-2 ms (a stat, nothing read); was 40-95 s and 1.76 million lines
    expect(loaded.errors).toEqual([expect.stringMatching(/compose\.yaml:1:1: the file is 5\.0 MiB, more than the 1\.0 MiB a Compose file may have \(COMPOSE_LIMITS\.maxBytes\)/)]);
    expect(ms).toBeLessThan(1000);
    const r = importCli(file);
    expect(r.status).toBe(EXIT.problems);
    expect(r.stderr.split('\n').length).toBeLessThan(5);
  });

  test('a file just under the size limit that is not YAML stops at maxErrors syntax errors', () => {
    const line = '}{[ ]: : "x \t- ][\n';
    const text = line.repeat(Math.floor(COMPOSE_LIMITS.maxBytes / line.length) - 1);
    const start = Date.now();
    const loaded = loadCompose({ yaml: text, env: {} });
    const ms = Date.now() - start; // measured: about 30 ms (the parser stops at the 51st error); was tens of seconds
    expect(loaded.errors).toHaveLength(COMPOSE_LIMITS.maxErrors + 1);
    expect(loaded.errors[COMPOSE_LIMITS.maxErrors]).toMatch(/reading stopped after 50 YAML errors; fix these and load again/);
    expect(ms).toBeLessThan(10_000);
  });

  test('a binary file is one message: not UTF-8, or a control character YAML forbids', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bin.yaml'), Buffer.from([0x6e, 0x3a, 0x20, 0xff, 0xfe, 0x00, 0x01]));
    expect(loadCompose({ file: path.join(dir, 'bin.yaml'), env: {} }).errors).toEqual([expect.stringMatching(/bin\.yaml:1:4: is not UTF-8 text \(a binary file\?\)/)]);
    expect(loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: "a\x00b"\n', env: {} }).errors).toEqual([
      expect.stringMatching(/^<yaml>:4:14: holds the control character "\\u0000" \(U\+0000\), which YAML does not allow/),
    ]);
  });

  test('more problems than maxErrors: the first ones, then how many more', () => {
    const fields = Array.from({ length: 120 }, (_, i) => `    field${i}: 1`).join('\n');
    const loaded = loadCompose({ yaml: `name: p\nservices:\n  web:\n    image: x\n${fields}\n`, env: {} });
    expect(loaded.errors).toHaveLength(COMPOSE_LIMITS.maxErrors + 1);
    expect(loaded.errors[0]).toMatch(/^<yaml>:5:5: services\.web\.field0: unknown field/);
    expect(loaded.errors[COMPOSE_LIMITS.maxErrors]).toBe('<yaml>: ... and 70 more errors not shown; fix these first and load again');
  });

  test('nesting deeper than maxDepth is refused where it passes the limit', () => {
    const yaml = `name: p\nservices: {}\nx-deep: ${'['.repeat(70)}${']'.repeat(70)}\n`;
    expect(loadCompose({ yaml, env: {} }).errors).toEqual([expect.stringMatching(/^<yaml>:3:72: values nest more than 64 levels deep here \(COMPOSE_LIMITS\.maxDepth.*\); flatten the value/)]);
  });

  test('more values than maxNodes without aliases: is it the right file?', () => {
    const yaml = `name: p\nservices: {}\nx-many: [${'1,'.repeat(COMPOSE_LIMITS.maxNodes)}1]\n`;
    expect(loadCompose({ yaml, env: {} }).errors).toEqual([expect.stringMatching(/^<yaml>:1:1: the document has 100008 values, more than the 100000 a Compose file may have .*is it the right file\?/)]);
  });

  test('a mapping or list as a key (a Helm template) is an error at its place, not a Node warning on stderr', () => {
    const warn = jest.spyOn(process, 'emitWarning');
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  {{ .Values.name }}:\n    image: busybox\nx-list:\n  ? [a, b]\n  : 1\n', env: {} });
    expect(loaded.errors).toEqual([
      expect.stringMatching(/^<yaml>:3:3: this key is a mapping, not a name; Compose keys are names: quote it if it is text/),
      expect.stringMatching(/^<yaml>:6:5: this key is a list, not a name/),
    ]);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('a duplicate key is found without comparing every pair of keys (many keys stay fast)', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  x${i}: 1`).join('\n');
    const start = Date.now();
    const loaded = loadCompose({ yaml: `name: p\nservices: {}\nx-keys:\n${keys}\n  x7: 2\n`, env: {} });
    const ms = Date.now() - start; // measured: 2 s on the loaded 2-core test machine; with yaml's uniqueKeys, 18 s
    expect(loaded.errors).toEqual([expect.stringMatching(/^<yaml>:20004:3: the key "x7" is already in this mapping \(line 11\); map keys must be unique/)]);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('what the parser alone says gets the fix', () => {
  test.each([
    ['name: p\nservices:\n\tweb: {}\n', /^<yaml>:3:1: Tabs are not allowed as indentation; indent with spaces/],
    ['name: p\nservices: {}\n---\nname: q\n', /^<yaml>:3:1: Source contains multiple documents; a Compose file is one YAML document: remove the "---" line/],
    ['name: p\nservices:\n  web:\n    image: "x\\q"\n', /Invalid escape sequence .*; use an escape YAML knows in double quotes/],
    [`name: p\nservices: {}\nx-a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, /^<yaml>:3:\d+: Maximum call stack size exceeded; the file nests deeper than the parser can follow; .*flatten it/],
  ])('%#', (yaml, message) => {
    const loaded = loadCompose({ yaml, env: {} });
    expect(loaded.errors[0]).toMatch(message);
    expect(loaded.errors[0]).not.toMatch(/parseAllDocuments/);
  });
});

describe('a missing file or a directory', () => {
  test('a missing file names the path and the fix, not ENOENT', () => {
    const file = path.join(tempDir(), 'compose.yml');
    expect(loadCompose({ file, env: {} }).errors).toEqual([`${file}: no such file; give the path of the Compose file, e.g. compose.yaml`]);
    expect(loadCompose({ file: 'nowhere/compose.yml', env: {} }).errors).toEqual([expect.stringMatching(/^nowhere\/compose\.yml: no such file \(relative paths start at .+\); give the path/)]);
  });

  test('a directory names the Compose file inside it', () => {
    const dir = tempDir();
    expect(loadCompose({ file: dir, env: {} }).errors).toEqual([expect.stringMatching(/is a directory, not a Compose file; give the file in it \(compose\.yaml, compose\.yml/)]);
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services: {}\n');
    expect(loadCompose({ file: dir, env: {} }).errors).toEqual([`${dir} is a directory, not a Compose file; give the file in it: ${path.join(dir, 'docker-compose.yml')}`]);
  });

  test('ComposeProject with a missing file fails synth with that message; compose:import too', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new DockerHost(stack, 'host');
    const file = path.join(tempDir(), 'missing.yml');
    new ComposeProject(stack, 'app', { file, env: {} });
    expect(errorsOf(stack)).toEqual([expect.stringMatching(/missing\.yml: no such file; give the path/)]);
    expect(importCli(file).stderr).toMatch(/^error: .*missing\.yml: no such file; give the path/);
  });
});

describe('!reset and !override', () => {
  test('!reset removes the value and its key (Compose, one file); !override keeps the value', () => {
    const src = ComposeSource.parse('services:\n  web:\n    image: x\n    command: !reset null\n    entrypoint: !override ["sh"]\n    ports: [!reset "80:80", "81:81"]\n', 'f.yml');
    expect(src.syntaxErrors).toEqual([]);
    expect(src.data).toEqual({ services: { web: { image: 'x', entrypoint: ['sh'], ports: ['81:81'] } } });
  });

  test('a service whose command is !reset null runs the image command, not "null"', () => {
    const loaded = loadCompose({ yaml: 'name: p\nservices:\n  web:\n    image: x\n    command: !reset null\n', env: {} });
    expect(loaded.errors).toEqual([]);
    expect(loaded.plan?.services[0].command).toBeUndefined();
  });
});
