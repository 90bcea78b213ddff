import * as fs from 'fs';
import * as path from 'path';
import { loadCompose } from '../../constructs/compose';
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
});
