/**
 * The embedded database used when MONGODB_URI is unset: a real database process whose data lives in
 * DATA_DIR and survives restarts. In this order: a real `mongod` (see engine/mongod.ts: installed,
 * cached or downloaded through mongodb-memory-server) as a single-node replica set; else FerretDB
 * 1.24.2 on SQLite, built once with Go (engine/ferretdb.ts). CIVICKIT_DB_ENGINE=mongodb|ferretdb forces one.
 *
 * Processes sharing one DATA_DIR (the server and the CLI) share one database process: the first
 * starts it and records {pid, port} in instance.json; later ones reuse it while it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureFerretDB, ferretdbArgs, FERRETDB_CAPACITY, FERRETDB_VERSION, NoGo } from './engine/ferretdb.js';
import { becomePrimary, locateMongod, mongodArgs, NoMongod, reachable, REPLICA_SET, type Log } from './engine/mongod.js';

export { ensureFerretDB, FERRETDB_VERSION } from './engine/ferretdb.js';

export type Engine = 'mongodb' | 'ferretdb';

export interface EmbeddedDatabase {
  uri: string;
  engine: Engine;
  /** One line for the operator: which engine, where its data is, and on FerretDB what it holds. */
  summary: string;
  /** Stops the process if this process started it; a shared instance owned by another process is left running. */
  stop(): Promise<void>;
}

interface Instance {
  pid: number;
  port: number;
  engine: Engine;
  summary?: string;
}

/** What an operator can do when neither engine can be had; shown verbatim. */
export const HOW_TO_GET_A_DATABASE = [
  'Do one of these, then start again:',
  '  - set MONGODB_URI to a MongoDB 6+ server (e.g. mongodb://127.0.0.1:27017/civickit, or an Atlas URI);',
  '  - install MongoDB so that `mongod` is on PATH, or set MONGOMS_SYSTEM_BINARY=/path/to/mongod;',
  '  - allow this machine to reach fastdl.mongodb.org (or set MONGOMS_DOWNLOAD_MIRROR to a mirror), so the first start downloads mongod once;',
  '  - install Go 1.21+ (https://go.dev/dl/) so the first start builds FerretDB once.',
].join('\n');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const answers = (port: number, timeoutMs = 1000) => reachable('127.0.0.1', port, timeoutMs);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`database process exited (${child.exitCode}): ${output().trim().split('\n').slice(-3).join(' | ')}`);
    if (await answers(port, 300)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('database process did not start listening within 30 s');
}

/** An exclusive lock file so two processes starting at once do not start two databases on one directory. */
async function withStartLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, 'start.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSafe(lock));
      if (!holder || !alive(holder)) {
        rmSync(lock, { force: true }); // stale lock from a crashed process
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another process (pid ${holder}) holds ${lock}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function forcedEngine(): Engine | undefined {
  const value = process.env.CIVICKIT_DB_ENGINE?.trim().toLowerCase();
  if (!value) return undefined;
  if (value === 'mongodb' || value === 'ferretdb') return value;
  throw new Error(`CIVICKIT_DB_ENGINE must be mongodb or ferretdb, not "${value}"`);
}

interface Started {
  child: ChildProcess;
  port: number;
}

/**
 * The database process we started ends with us, however we end (issue 22: `npm test` left a FerretDB
 * running). A normal stop() comes first; this covers process.exit() without it (mocha --exit, a failed
 * start) and a signal that arrives before anyone handles it (SIGTERM while the database is starting).
 * When another listener handles the signal (index.ts: finish requests, then stop the database), it
 * decides, and the exit hook is the last resort.
 */
function endsWithUs(child: ChildProcess): void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    kill();
    // then end as the signal would have ended us without a listener
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', kill);
  for (const signal of signals) process.on(signal, onSignal);
  child.once('exit', () => {
    process.removeListener('exit', kill);
    for (const signal of signals) process.removeListener(signal, onSignal);
  });
}

/** Spawns a database binary on a free port (the preferred one first) and waits until it answers. */
async function spawnOnPort(bin: string, args: (port: number) => string[], preferred: number | undefined, fixed: boolean): Promise<Started> {
  let lastError: Error | undefined;
  // a port can be taken between our probe and the database's bind; try a few
  for (let attempt = 0; attempt < (fixed ? 1 : 3); attempt++) {
    const port = (attempt === 0 ? preferred : undefined) ?? (await freePort());
    const child = spawn(bin, args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    endsWithUs(child);
    let output = '';
    child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
    child.once('error', (err) => (output += `\n${err.message}`));
    try {
      await waitUntilAnswering(port, child, () => output);
      return { child, port };
    } catch (err) {
      child.kill('SIGKILL');
      lastError = err as Error;
    }
  }
  throw lastError ?? new Error('database process did not start');
}

function stopper(child: ChildProcess, instanceFile: string): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (readFileSafe(instanceFile).includes(`"pid":${child.pid}`)) rmSync(instanceFile, { force: true });
  };
}

/** The database another process of this data directory already runs, if it still answers (and is the forced engine). */
async function runningInstance(instanceFile: string, forced: Engine | undefined, dbName: string): Promise<EmbeddedDatabase | undefined> {
  const existing = readFileSafe(instanceFile);
  if (!existing) return undefined;
  const inst = JSON.parse(existing) as Instance;
  if ((!forced || forced === inst.engine) && alive(inst.pid) && (await answers(inst.port))) {
    const summary = `${inst.summary ?? `Database: embedded ${inst.engine}`} (shared with pid ${inst.pid})`;
    return { uri: uriOf(inst.engine, inst.port, dbName), engine: inst.engine, summary, stop: async () => {} };
  }
  unlinkSync(instanceFile); // stale: the process died without cleaning up
  return undefined;
}

/** A real mongod as a single-node replica set; NoMongod when none can be had or it does not come up. */
async function startMongod(dir: string, log: Log, options: { port?: number }): Promise<{ started: Started; summary: string }> {
  const storage = path.join(dir, 'mongodb');
  mkdirSync(storage, { recursive: true });
  const { bin, how } = await locateMongod(log);
  // the replica set's member is host:port, so the same port is asked for again on every start
  const portFile = path.join(dir, 'mongodb.port');
  const started = await spawnOnPort(
    bin,
    (port) => mongodArgs(storage, port),
    options.port ?? (Number(readFileSafe(portFile)) || undefined),
    !!options.port,
  ).catch((err: Error) => {
    throw new NoMongod(`${how} did not start: ${err.message}`);
  });
  try {
    await becomePrimary(started.port);
  } catch (err) {
    started.child.kill('SIGKILL');
    throw new NoMongod(`${how} started but did not become a replica set primary: ${(err as Error).message}`);
  }
  writeFileSync(portFile, String(started.port));
  return {
    started,
    summary: `Database: MongoDB (embedded mongod, ${how}; single-node replica set ${REPLICA_SET} on 127.0.0.1:${started.port}, data in ${storage})`,
  };
}

/** FerretDB on SQLite, built once with Go; `noMongo` says why no mongod (for the start line). */
async function startFerretdb(dir: string, log: Log, options: { port?: number }, noMongo: string): Promise<{ started: Started; summary: string }> {
  let bin: string;
  try {
    bin = await ensureFerretDB(log);
  } catch (err) {
    if (err instanceof NoGo) throw new Error(`No database engine can be had: ${noMongo}, and ${err.message}.\n${HOW_TO_GET_A_DATABASE}`);
    throw err;
  }
  const storage = path.join(dir, 'ferretdb');
  mkdirSync(storage, { recursive: true });
  const started = await spawnOnPort(bin, (port) => ferretdbArgs(storage, port), options.port, !!options.port).catch((err: Error) => {
    throw new Error(`could not start the embedded database: ${err.message}`);
  });
  return {
    started,
    summary: `Database: FerretDB ${FERRETDB_VERSION} on SQLite (embedded, data in ${storage}; no MongoDB because ${noMongo}). For development and demos: ${FERRETDB_CAPACITY}; production needs MongoDB (MONGODB_URI).`,
  };
}

export async function startEmbeddedDatabase(dataDir: string, log: Log = (m) => console.log(m), options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'db');
  mkdirSync(dir, { recursive: true });
  const instanceFile = path.join(dir, 'instance.json');
  const dbName = 'civickit';
  const forced = forcedEngine();

  return withStartLock(dir, async () => {
    const running = await runningInstance(instanceFile, forced, dbName);
    if (running) return running;
    const record = (engine: Engine, { started, summary }: { started: Started; summary: string }): EmbeddedDatabase => {
      writeFileSync(instanceFile, JSON.stringify({ pid: started.child.pid!, port: started.port, engine, summary } satisfies Instance));
      return { uri: uriOf(engine, started.port, dbName), engine, summary, stop: stopper(started.child, instanceFile) };
    };

    let noMongo = 'CIVICKIT_DB_ENGINE=ferretdb';
    if (forced !== 'ferretdb') {
      try {
        return record('mongodb', await startMongod(dir, log, options));
      } catch (err) {
        if (!(err instanceof NoMongod)) throw err;
        if (forced === 'mongodb') throw new Error(`CIVICKIT_DB_ENGINE=mongodb, but ${err.message}.\n${HOW_TO_GET_A_DATABASE}`);
        noMongo = err.message;
      }
    }
    return record('ferretdb', await startFerretdb(dir, log, options, noMongo));
  });
}

function uriOf(engine: Engine, port: number, dbName: string): string {
  // one member, reached directly: no discovery of hosts that the replica set config might name differently
  return engine === 'mongodb' ? `mongodb://127.0.0.1:${port}/${dbName}?directConnection=true` : `mongodb://127.0.0.1:${port}/${dbName}`;
}
