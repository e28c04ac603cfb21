// `npm run fuzz`: property-based fuzzing of the HTTP API with schemathesis against the server's own
// OpenAPI document (/openapi.json). A real server on a free loopback port, an embedded database in a
// temp DATA_DIR (or MONGODB_URI), one resident and one admin; schemathesis then runs anonymously, as
// the resident and as the admin. Any 5xx, undocumented status code, wrong Content-Type, missing
// documented header or response off its documented schema fails the run. Bounded: FUZZ_MAX_TIME
// seconds per pass (default 80; the last pass a third of it), about 5 minutes in all on 2 cores.
//
//   npm run fuzz                    the four passes; exit code 1 on any failure
//   LOG_LEVEL=error npm run fuzz    the same, with the server's own log of each 500
//   npm run fuzz -- --serve         only start the stack and print the URL and tokens (for debugging)
//
// Runs with `node --import tsx` (package.json) so it can use the server's TypeScript sources directly.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/src/config.ts';
import { startEmbeddedDatabase } from '../server/src/db/embedded.ts';
import { createServer } from '../server/src/server.ts';

const SCHEMATHESIS = '4.32.5';
const ROOT = path.resolve(import.meta.dirname, '..');
const VENV = path.join(ROOT, '.cache/fuzz-venv');
const BIN = path.join(VENV, 'bin/schemathesis');
const SEED = Number(process.env.FUZZ_SEED ?? 20250601);
const MAX_TIME = Number(process.env.FUZZ_MAX_TIME ?? 80);
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 20);
/** Operations that may legitimately end the admin's own session (its id is in GET /admin/users): fuzzed last, on their own. */
const SESSION_ENDING = ['postApiV1AdminUsersIdRevokesessions', 'patchApiV1AdminUsersId'];
const CONFIG = path.join(import.meta.dirname, 'fuzz.toml');
/** schemathesis keeps its crash cache (replayed first on the next run) in its working directory. */
const WORK_DIR = path.join(ROOT, '.cache/fuzz');
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_headers_conformance', 'response_schema_conformance'];
const PASSWORD = 'fuzz-Passphrase-7c1e9b';

function ensureSchemathesis() {
  const version = existsSync(BIN) ? spawnSync(BIN, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(SCHEMATHESIS)) return;
  console.log(`== installing schemathesis ${SCHEMATHESIS} into ${path.relative(ROOT, VENV)}`);
  mkdirSync(path.dirname(VENV), { recursive: true });
  const steps = [
    ['python3', ['-m', 'venv', '--clear', VENV]],
    [path.join(VENV, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS}`]],
  ];
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (Python 3.9+ with venv and pip is needed)`);
  }
}

async function startStack() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-fuzz-'));
  const embedded = process.env.MONGODB_URI ? undefined : await startEmbeddedDatabase(dir, () => {});
  const url = new URL(process.env.MONGODB_URI ?? embedded.uri);
  url.pathname = `/fuzz_${Date.now()}`;
  // NODE_ENV=test: responses are validated against their documented schemas (lib/responses.ts), so
  // an off-schema answer is a 500 that not_a_server_error reports even where schemathesis cannot see it
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dir, MONGODB_URI: url.toString(), LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal' });
  const server = await createServer(config);
  await server.start();
  const app = server.app.civic;
  const session = async (email, role) => {
    const user = await app.accounts.createActiveUser({ email, password: PASSWORD, role, firstName: 'Fuzz', lastName: role });
    return (await app.accounts.sessions.issue(user)).accessToken;
  };
  return {
    url: server.info.uri,
    tokens: { resident: await session('resident@fuzz.test', 'resident'), admin: await session('admin@fuzz.test', 'admin') },
    async stop() {
      await app.conn.dropDatabase().catch(() => {});
      await server.stop({ timeout: 2000 });
      await embedded?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function schemathesis(url, name, { token, maxTime = MAX_TIME, only, except } = {}) {
  const args = [
    '--config-file',
    CONFIG,
    '--no-color',
    'run',
    `${url}/openapi.json`,
    '--checks',
    CHECKS.join(','),
    '--seed',
    String(SEED),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--max-time',
    String(maxTime),
    // one worker: the server shares the two cores, and Python 3.11 < 3.11.8 can fail parsing in threads (gh-106905)
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--phases',
    'examples,coverage,fuzzing',
    ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
    ...(only ?? []).flatMap((id) => ['--include-operation-id', id]),
    ...(except ?? []).flatMap((id) => ['--exclude-operation-id', id]),
  ];
  console.log(`\n== schemathesis (${name})`);
  return new Promise((resolve) => {
    mkdirSync(WORK_DIR, { recursive: true });
    const child = spawn(BIN, args, { stdio: 'inherit', cwd: WORK_DIR });
    // a hard stop in case a pass overruns its budget (shrinking a failure is not covered by --max-time)
    const timer = setTimeout(() => child.kill('SIGTERM'), (maxTime + 60) * 1000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ name, ok: false, code: err.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ name, ok: code === 0, code: signal ?? code });
    });
  });
}

const serveOnly = process.argv.includes('--serve');
if (!serveOnly) ensureSchemathesis();
const started = Date.now();
const stack = await startStack();
if (serveOnly) {
  console.log(JSON.stringify({ url: stack.url, ...stack.tokens }, null, 2));
  await new Promise((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await stack.stop();
  process.exit(0);
}
const results = [];
try {
  results.push(await schemathesis(stack.url, 'anonymous'));
  results.push(await schemathesis(stack.url, 'resident', { token: stack.tokens.resident }));
  results.push(await schemathesis(stack.url, 'admin', { token: stack.tokens.admin, except: SESSION_ENDING }));
  results.push(
    await schemathesis(stack.url, 'admin, session-ending operations', { token: stack.tokens.admin, only: SESSION_ENDING, maxTime: Math.ceil(MAX_TIME / 3) }),
  );
} finally {
  await stack.stop();
}
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`\n== fuzz summary (seed ${SEED}, ${seconds} s): ${results.map((r) => `${r.name} ${r.ok ? 'passed' : `FAILED (${r.code})`}`).join(', ')}`);
// each pass counts as one test in .ci/run's closing line
if (process.env.CIVICKIT_COUNTS) {
  const passed = results.filter((r) => r.ok).length;
  appendFileSync(process.env.CIVICKIT_COUNTS, `${JSON.stringify({ suite: 'fuzz', passed, failed: results.length - passed, skipped: 0 })}\n`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
