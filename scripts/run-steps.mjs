// `npm test`: runs each step (an npm script) in order and carries on after a failure, so one failing suite
// does not hide the others' results; exits 1 when any step failed, naming them.
//   node scripts/run-steps.mjs lint typecheck test:server …
import { spawnSync } from 'node:child_process';

const failed = [];
for (const step of process.argv.slice(2)) {
  const { status, signal } = spawnSync('npm', ['run', step], { stdio: 'inherit' });
  if (status !== 0) failed.push(`${step} (${signal ?? `exit ${status}`})`);
}
if (failed.length) {
  console.error(`\nnpm test: failed: ${failed.join(', ')}`);
  process.exit(1);
}
