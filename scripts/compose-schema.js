// Puts the Compose specification's JSON schema beside the built importer (dist/constructs/compose/), so that the
// published library reads it as a file and needs no package for it at run time. The schema comes from the dev
// dependency dclint, which tracks compose-spec's compose-spec.json; nothing of dclint's code is used or shipped.
// Run by `npm run build` and by scripts/prepare.js after tsc.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const target = path.join(root, 'dist', 'constructs', 'compose', 'compose-spec.schema.json');
let from;
try {
  from = path.join(path.dirname(require.resolve('dclint/package.json', { paths: [root] })), 'schemas', 'compose.schema.json');
} catch {
  from = undefined;
}
if (from && fs.existsSync(from)) {
  JSON.parse(fs.readFileSync(from, 'utf8')); // a schema that is not JSON stops the build here, not a user's synth
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(from, target);
} else if (!fs.existsSync(target)) {
  console.error(`docker-network-cdktf: no Compose schema for ${path.relative(root, target)}: run npm ci (the dev dependency dclint ships it)`);
  process.exit(1);
}
