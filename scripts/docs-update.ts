/**
 * `npm run docs:update`: writes the README's Compose field table from constructs/compose/fields.ts (the one source;
 * test/compose/fields.test.ts fails when they differ). `--check` only says whether the README is up to date
 * (exit 1 when not).
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderFieldTable } from '../constructs/compose/fields';

export const README_BEGIN = '<!-- compose-fields:begin (generated from constructs/compose/fields.ts by npm run docs:update; do not edit) -->';
export const README_END = '<!-- compose-fields:end -->';

/** The generated section of `readme` (between the markers), or undefined. */
export function readmeFieldSection(readme: string): string | undefined {
  const start = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + README_BEGIN.length, end).replace(/^\n/, '').replace(/\n$/, '');
}

/** `readme` with the section replaced by the table. */
export function withFieldTable(readme: string): string {
  const start = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_BEGIN} ... ${README_END} section: put the two markers where the table goes`);
  return `${readme.slice(0, start + README_BEGIN.length)}\n${renderFieldTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const updated = withFieldTable(readme);
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md: the Compose field table differs from constructs/compose/fields.ts; run npm run docs:update');
      process.exit(1);
    }
  } else if (updated !== readme) {
    fs.writeFileSync(file, updated);
    console.error('README.md: Compose field table updated');
  } else console.error('README.md: Compose field table up to date');
}
