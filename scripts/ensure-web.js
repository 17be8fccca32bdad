// Builds the web console on the first `npm start` (or after `rm -rf apps/web/dist`).
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const index = path.resolve(__dirname, '../apps/web/dist/index.html');
if (!existsSync(index)) {
  console.log('building the web console (first start)…');
  const result = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
  process.exit(result.status ?? 1);
}
