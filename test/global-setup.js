// Every temporary directory the unit tests make (cdktf's Testing.app() outdirs, about 400 per run, and the
// tests' own) goes under one directory per run, deleted by global-teardown.js: repeated runs do not fill /tmp.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnc-jest-'));
  process.env.DNC_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir; // os.tmpdir() in the workers, started after this, and in the scripts they run
};
