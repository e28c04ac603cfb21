// `npm start` builds only what changed since the last build: the server (tsc) when a file under
// server/ (or the TypeScript config, the lockfile) is newer than its build stamp, the widget (rollup)
// likewise for widget/ and the rollup config. A fresh checkout builds both; a second start builds nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SHARED = ['package.json', 'package-lock.json', 'tsconfig.base.json'];
const PARTS = [
  { name: 'server', inputs: ['server', ...SHARED], stamp: 'dist/server/.build-stamp', script: 'build:server' },
  { name: 'widget', inputs: ['widget', 'rollup.config.mjs', ...SHARED], stamp: 'dist/widget/.build-stamp', script: 'build:widget' },
];

/** Newest modification time under `p` (a file or a directory tree). */
function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) if (e !== 'node_modules') max = Math.max(max, newest(path.join(p, e)));
  return max;
}

for (const part of PARTS) {
  const built = existsSync(part.stamp) ? statSync(part.stamp).mtimeMs : 0;
  const changed = Math.max(...part.inputs.map(newest));
  if (built && changed <= built) {
    console.log(`${part.name}: up to date`);
    continue;
  }
  console.log(`${part.name}: building`);
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', part.script], { stdio: 'inherit' });
  mkdirSync(path.dirname(part.stamp), { recursive: true });
  writeFileSync(part.stamp, `${new Date().toISOString()}\n`);
}
