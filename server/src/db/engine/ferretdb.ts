/**
 * FerretDB 1.24.2 on SQLite: the embedded engine where no mongod can be had. Built once per machine
 * with Go into ~/.cache/civickit (or CIVICKIT_CACHE_DIR); FERRETDB_BIN names a ready binary.
 */
import { execFile } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { which, type Log } from './mongod.js';

const run = promisify(execFile);
export const FERRETDB_VERSION = 'v1.24.2';

/** What the benchmarks measured FerretDB/SQLite to hold (docs/deployment.md, Capacity). */
export const FERRETDB_CAPACITY =
  'it scans every query, and at 16 connections its p99 passed 1 s at 1,000 reports on a 2-core machine (lists, map and tracking are served from memory; sign-in and other look-ups are not)';

export function ferretdbArgs(storage: string, port: number): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${storage}/`,
    `--state-dir=${storage}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
  ];
}

/** FerretDB cannot be built here; the caller adds what to do about it. */
export class NoGo extends Error {
  override name = 'NoGo';
}

function cacheDir(): string {
  return process.env.CIVICKIT_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'civickit');
}

/**
 * Finds or builds the FerretDB binary. `go install …@v1.24.2` cannot be used as is: the module zip
 * lacks build/version/version.txt and the binary panics at start, so we build from a writable copy
 * of the module source with that file written in.
 */
export async function ensureFerretDB(log: Log): Promise<string> {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const bin = path.join(cacheDir(), `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
  if (existsSync(bin)) return bin;
  const onPath = await which('ferretdb');
  if (onPath) {
    const { stdout } = await run(onPath, ['--version']).catch(() => ({ stdout: '' }));
    if (stdout.includes(FERRETDB_VERSION)) return onPath;
  }
  const go = await which('go');
  if (!go) throw new NoGo('Go is not installed, so FerretDB cannot be built');
  log(`Building FerretDB ${FERRETDB_VERSION} with Go into ${path.dirname(bin)} (first run on this machine only, 1–3 minutes)…`);
  const work = path.join(cacheDir(), `ferretdb-${FERRETDB_VERSION}-build-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  try {
    const { stdout } = await run(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { cwd: work, env, maxBuffer: 1 << 24 });
    const src = path.join(work, 'src');
    cpSync((JSON.parse(stdout) as { Dir: string }).Dir, src, { recursive: true });
    chmodRecursive(src);
    writeFileSync(path.join(src, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(path.dirname(bin), { recursive: true });
    const tmpBin = `${bin}.${process.pid}.tmp`;
    await run(go, ['build', '-o', tmpBin, './cmd/ferretdb'], { cwd: src, env, maxBuffer: 1 << 24 });
    // rename is atomic: a concurrent builder never sees half a binary
    await run('mv', ['-f', tmpBin, bin]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`Building FerretDB failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-5).join(' | ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(`FerretDB ${FERRETDB_VERSION} built.`);
  return bin;
}

function chmodRecursive(dir: string): void {
  // module cache files are read-only; we must write version.txt and go may write beside sources
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodRecursive(p);
    else chmodSync(p, 0o644);
  }
}
