import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The public entry point names what is public, one export at a time (api/docker-network-cdktf.api.md records the
// surface; `npm run api:check` compares). These checks read the sources only (no type checker: milliseconds).
const root = path.join(__dirname, '..');
const entry = path.join(root, 'constructs', 'index.ts');

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  if (!parsed.has(file)) parsed.set(file, ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  return parsed.get(file)!;
}

function resolveModule(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${path.relative(root, from)}: cannot resolve ${spec}`);
}

const moduleText = (n: ts.ImportDeclaration | ts.ExportDeclaration) => (n.moduleSpecifier as ts.StringLiteral).text;

/** The declaration `name` of `file` comes from, following re-exports and imported-then-exported names. */
function origin(file: string, name: string, depth = 0): { file: string; node: ts.Node } {
  if (depth > 20) throw new Error(`${name}: re-exported in a loop`);
  const sf = parse(file);
  const imports = new Map<string, { spec: string; name: string }>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamedImports(s.importClause.namedBindings)) {
      for (const e of s.importClause.namedBindings.elements) imports.set(e.name.text, { spec: moduleText(s), name: (e.propertyName ?? e.name).text });
    }
  }
  const stars: string[] = [];
  for (const s of sf.statements) {
    if (ts.isExportDeclaration(s)) {
      if (!s.exportClause) {
        stars.push(moduleText(s));
        continue;
      }
      if (!ts.isNamedExports(s.exportClause)) continue;
      for (const e of s.exportClause.elements) {
        if (e.name.text !== name) continue;
        const original = (e.propertyName ?? e.name).text;
        if (s.moduleSpecifier) return origin(resolveModule(file, moduleText(s)), original, depth + 1);
        const imported = imports.get(original);
        if (imported) return origin(resolveModule(file, imported.spec), imported.name, depth + 1);
        return origin(file, original, depth + 1);
      }
      continue;
    }
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)) return { file, node: s };
    const named = s as ts.Node & { name?: ts.Node };
    if (named.name && ts.isIdentifier(named.name) && named.name.text === name) return { file, node: s };
  }
  for (const spec of stars) {
    try {
      return origin(resolveModule(file, spec), name, depth + 1);
    } catch {
      // not in this module
    }
  }
  throw new Error(`${path.relative(root, file)} does not export ${name}`);
}

function publicNames(): { name: string; spec: string }[] {
  const out: { name: string; spec: string }[] = [];
  for (const s of parse(entry).statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const e of s.exportClause.elements) out.push({ name: e.name.text, spec: moduleText(s) });
    }
  }
  return out;
}

describe('the public API (constructs/index.ts)', () => {
  test('names every export: no export *, no local declarations', () => {
    const wrong = parse(entry)
      .statements.filter((s) => !(ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) && s.moduleSpecifier))
      .map((s) => s.getText().split('\n')[0]);
    expect(wrong).toEqual([]);
    expect(publicNames().length).toBeGreaterThan(50);
  });

  test('exports nothing from constructs/private/ and nothing marked @internal', () => {
    const problems: string[] = [];
    for (const { name, spec } of publicNames()) {
      const o = origin(resolveModule(entry, spec), name);
      const where = path.relative(root, o.file);
      if (where.startsWith(path.join('constructs', 'private'))) problems.push(`${name} comes from ${where}`);
      const docs = ts.getJSDocCommentsAndTags(o.node).map((d) => d.getText());
      if (docs.some((d) => /@internal\b/.test(d))) problems.push(`${name} (${where}) is marked @internal`);
    }
    expect(problems).toEqual([]);
  });

  test('keeps internals out (a sample of what 0.3.0 removed from the barrel)', () => {
    const names = new Set(publicNames().map((n) => n.name));
    for (const internal of ['serviceTopLevel', 'AddressClaims', 'createImage', 'reportWarnings', 'runtimeConfig', 'readEngine', 'Errors', 'generateStack']) {
      expect(names.has(internal)).toBe(false);
    }
  });

  test('the package exposes only its entry point (module paths are not API)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    // ./engine: the tooling's engine reader (compareWithEngines and the one engine decision, dist/cli/engine.js),
    // kept out of the constructs so that the library starts no process; a deliberate second entry.
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './engine', './package.json']);
    expect(pkg.exports['./engine'].require).toBe('./dist/cli/engine.js');
    expect(pkg.types).toBe('dist/constructs/index.d.ts');
  });
});

describe('the API report of docker-network-cdktf/engine (api/docker-network-cdktf-engine.api.md)', () => {
  const report = fs.readFileSync(path.join(root, 'api', 'docker-network-cdktf-engine.api.md'), 'utf8');

  test('records the engine reader and compareWithEngines', () => {
    for (const name of ['compareWithEngines', 'readEngine', 'providerEnvironment', 'engineEnvironment']) {
      expect(report).toMatch(new RegExp(`^export (function|interface|type) ${name}\\b`, 'm'));
    }
  });

  // The engine entry's signatures use types of the main entry without re-exporting them (api-extractor.engine.json
  // notes each as ae-forgotten-export); a type that neither entry exports would be a type users cannot name.
  test('every type it uses without exporting is exported by the main entry', () => {
    const borrowed = [...report.matchAll(/ae-forgotten-export\) The symbol "([^"]+)"/g)].map((m) => m[1]);
    expect(borrowed.length).toBeGreaterThan(0);
    const main = new Set(publicNames().map((n) => n.name));
    expect(borrowed.filter((name) => !main.has(name))).toEqual([]);
  });
});
