// npm's `prepare` hook: runs in a clone on `npm ci`/`npm install` (dev dependencies present: builds dist/), and
// in the library's directory when an app installs it from a path or git URL. Without TypeScript there (a path
// install runs it without the library's dev dependencies) it does not fail with `tsc: not found`: a built dist/
// is used as it is, and a missing one is explained.
const { existsSync } = require('fs');
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
// The library's entry and the command-line tool's (the package's bin): a dist/ without either is not built.
const built = path.join(root, 'dist', 'constructs', 'index.js');
const bin = path.join(root, 'dist', 'cli', 'main.js');
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
} catch {
  tsc = undefined;
}
if (tsc) {
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(__dirname, 'compose-schema.js')], { cwd: root, stdio: 'inherit' });
} else if (existsSync(built) && existsSync(bin)) {
  console.log(`docker-network-cdktf: TypeScript is not installed here; using the built ${path.relative(root, built)}`);
} else {
  console.error(
    `docker-network-cdktf: ${root} has no dist/ and no TypeScript to build it (${path.relative(root, existsSync(built) ? bin : built)} is missing). ` +
      'Run `npm ci` there first (it builds dist/), or install from a tarball (`npm pack` in the clone) or a git URL.',
  );
  process.exit(1);
}
