// `npm run bench`: runs every bench/*.bench.{mjs,ts} in turn; each prints its figures and its ratio to a
// baseline measured in the same run. `npm run bench -- scale login` runs only those whose names start so.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const files = readdirSync(import.meta.dirname)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => !process.argv[2] || process.argv.slice(2).some((name) => f.startsWith(name)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n# ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(f, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
