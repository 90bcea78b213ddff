import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkGeneratedStacks } from '../../cli/compose-check';
import { generateStack, loadCompose } from '../../constructs/compose';
import { CORPUS_OPTIONS } from './corpus-options';

/**
 * The Compose corpus written for this project (test/compose/corpus/, `map-*` and `import-*` files: the field
 * table's proofs): each file's model, the plan `ComposeProject` and `compose import` build from, with every
 * message, as a reviewed snapshot. A change of the mapping shows here as a diff per file.
 */

const CORPUS = path.join(__dirname, 'corpus');
const FILES = fs
  .readdirSync(CORPUS)
  .filter((f) => /^(map|import)-.*\.yml$/.test(f) && !f.endsWith('-included.yml'))
  .sort();

/** The model without what differs per checkout (the corpus directory in bind sources and messages). */
function model(file: string): unknown {
  const name = file.replace(/\.yml$/, '');
  const loaded = loadCompose({ file: path.join(CORPUS, file), env: {}, ...CORPUS_OPTIONS[name] });
  const text = JSON.stringify({ plan: loaded.plan, errors: loaded.errors, unmapped: loaded.unmapped, warnings: loaded.warnings }, (k, v) => (k === 'path' ? undefined : v));
  return JSON.parse(text.split(CORPUS).join('<corpus>'));
}

describe('the Compose corpus', () => {
  test('holds a file for every group of the field table', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });

  test.each(FILES)('%s: the model', (file) => {
    expect(model(file)).toMatchSnapshot();
  });

  test('every corpus file compose import accepts (--accept-unmapped) gives a stack that compiles and synthesizes', () => {
    const stacks = FILES.flatMap((file, i) => {
      const loaded = loadCompose({ file: path.join(CORPUS, file), env: {}, ...CORPUS_OPTIONS[file.replace(/\.yml$/, '')] });
      if (!loaded.plan || loaded.errors.length > 0) return [];
      const code = generateStack(loaded.plan, { importFrom: 'docker-network-cdktf', notes: loaded.unmapped });
      return [{ file, code, importFrom: 'docker-network-cdktf', className: /export class (\w+)/.exec(code)![1], stackId: loaded.plan.projectName, fileName: path.join(os.tmpdir(), `corpus-${i}`, 'stack.ts'), cwd: os.tmpdir() }];
    });
    // map-service-provider.yml has a service without an image: refused, so nothing to generate.
    expect(stacks.map((s) => s.file)).toEqual(FILES.filter((f) => f !== 'map-service-provider.yml'));
    const problems = checkGeneratedStacks(stacks).flatMap((c, i) => [...(c.notRun ? [c.notRun] : []), ...c.problems].map((p) => `${stacks[i].file}: ${p}`));
    expect(problems).toEqual([]);
  }, 300_000);
});
