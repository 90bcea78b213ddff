#!/usr/bin/env node
// The API reports of the package's two public entry points, checked or rewritten by API Extractor (its Node API, so
// both run and report in one go, no child process): `docker-network-cdktf` (api-extractor.json ->
// api/docker-network-cdktf.api.md) and `docker-network-cdktf/engine` (api-extractor.engine.json ->
// api/docker-network-cdktf-engine.api.md). Expects dist/ built (`npm run api:check` / `api:update` build first).
//
//   node scripts/api-report.js check    exit 1 when either surface differs from its committed report
//   node scripts/api-report.js update   rewrite the reports; review their diff and commit it with the change
'use strict';
const path = require('path');
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');

const ROOT = path.join(__dirname, '..');
const ENTRIES = [
  { name: 'docker-network-cdktf', config: 'api-extractor.json' },
  { name: 'docker-network-cdktf/engine', config: 'api-extractor.engine.json' },
];

function main(mode) {
  if (mode !== 'check' && mode !== 'update') {
    console.error('usage: node scripts/api-report.js check|update');
    return 2;
  }
  const failed = [];
  for (const entry of ENTRIES) {
    const config = ExtractorConfig.loadFileAndPrepare(path.join(ROOT, entry.config));
    const result = Extractor.invoke(config, { localBuild: mode === 'update' });
    if (!result.succeeded) failed.push({ ...entry, report: path.relative(ROOT, config.reportFilePath) });
  }
  for (const f of failed) {
    console.error(
      mode === 'check'
        ? `api:check: the public API of ${f.name} differs from ${f.report} (the warnings above). Review the change; ` +
            'if it is intended, run npm run api:update and commit the report with it (README, "Changing the public API").'
        : `api:update: API Extractor failed for ${f.name} (${f.config}; the errors above).`,
    );
  }
  return failed.length ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
