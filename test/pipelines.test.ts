import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Every shell command of a pipeline file, in order. */
function commands(doc: any): string[] {
  const jobs = doc.jobs ?? doc;
  return Object.values<any>(jobs).flatMap((job) => [...(job?.script ?? []), ...(job?.steps ?? []).map((s: any) => s.run).filter(Boolean)]);
}

// The example pipelines run the commands the real-engine suite runs (e2e/pipeline.ts): scripts/pipeline.sh.
describe('example pipelines', () => {
  const files = ['examples/pipelines/.github/workflows/docker-network.yml', 'examples/pipelines/.gitlab-ci.yml'];

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
