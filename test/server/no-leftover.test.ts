/**
 * Issue 22: `npm test` left a FerretDB process running. Whatever way a process that started the
 * embedded database ends (process.exit without stopping it, as `mocha --exit` does after a failed
 * hook, or a SIGTERM that arrives while the database is still starting), the database ends with it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDB } from '../../server/src/db/embedded.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts a node process that starts an embedded FerretDB, then ends as `end` says; answers the database's pid. */
async function databaseLeftBy(end: 'exit' | 'sigterm'): Promise<{ pid: number; gone: boolean; signal: string | null }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-leftover-'));
  const env = { ...process.env, FERRETDB_BIN: await ensureFerretDB(() => {}), CIVICKIT_DB_ENGINE: 'ferretdb', DIR: dir, END: end };
  const script = `
    import { startEmbeddedDatabase } from './server/src/db/embedded.ts';
    await startEmbeddedDatabase(process.env.DIR, () => {});
    console.log('started');
    if (process.env.END === 'exit') process.exit(0);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<string | null>((r) => child.once('exit', (_code, signal) => r(signal)));
  for (let i = 0; i < 600 && !out.includes('started'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(out.includes('started'), out);
  const { pid } = JSON.parse(readFileSync(path.join(dir, 'db', 'instance.json'), 'utf8')) as { pid: number };
  if (end === 'sigterm') child.kill('SIGTERM');
  const signal = await exited;
  let gone = false;
  for (let i = 0; i < 100 && !(gone = !alive(pid)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!gone) process.kill(pid, 'SIGKILL'); // the test must not leave it either
  rmSync(dir, { recursive: true, force: true });
  return { pid, gone, signal };
}

describe('no database process outlives the process that started it (issue 22)', function () {
  this.timeout(180_000);

  it('process.exit() without stop(): the embedded database ends too', async () => {
    const { pid, gone } = await databaseLeftBy('exit');
    assert.ok(gone, `FerretDB pid ${pid} still running`);
  });

  it('SIGTERM with no handler of its own: the embedded database ends too, and the process still ends by the signal', async () => {
    const { pid, gone, signal } = await databaseLeftBy('sigterm');
    assert.ok(gone, `FerretDB pid ${pid} still running`);
    assert.equal(signal, 'SIGTERM');
  });
});
