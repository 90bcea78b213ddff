const fs = require('fs');

module.exports = async () => {
  const dir = process.env.DNC_JEST_TMPDIR;
  if (dir && /dnc-jest-/.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
};
