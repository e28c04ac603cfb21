/**
 * The embedded database used when MONGODB_URI is unset: a real database process whose data lives in
 * DATA_DIR and survives restarts. A local `mongod` is used when one is installed; otherwise FerretDB
 * 1.24.2 on SQLite, built once with Go (these machines have no MongoDB download).
 *
 * Processes sharing one DATA_DIR (the server and the CLI) share one database process: the first
 * starts it and records {pid, port} in instance.json; later ones reuse it while it answers.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const FERRETDB_VERSION = 'v1.24.2';

export interface EmbeddedDatabase {
  uri: string;
  engine: 'ferretdb' | 'mongod';
  /** Stops the process if this process started it; a shared instance owned by another process is left running. */
  stop(): Promise<void>;
}

type Log = (msg: string) => void;

interface Instance {
  pid: number;
  port: number;
  engine: 'ferretdb' | 'mongod';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

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

async function which(cmd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${cmd}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
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
  if (!go) throw new Error('The embedded database needs Go to build FerretDB once (or set MONGODB_URI). Install Go 1.21+.');
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

export async function startEmbeddedDatabase(dataDir: string, log: Log = (m) => console.log(m), options: { port?: number } = {}): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'db');
  mkdirSync(dir, { recursive: true });
  const instanceFile = path.join(dir, 'instance.json');
  const dbName = 'civickit';

  return withStartLock(dir, async () => {
    const existing = readFileSafe(instanceFile);
    if (existing) {
      const inst = JSON.parse(existing) as Instance;
      if (alive(inst.pid) && (await answers(inst.port))) {
        log(`Using the embedded ${inst.engine} already running for ${dataDir} (pid ${inst.pid}).`);
        return { uri: `mongodb://127.0.0.1:${inst.port}/${dbName}`, engine: inst.engine, stop: async () => {} };
      }
      unlinkSync(instanceFile); // stale: the process died without cleaning up
    }

    const mongod = process.env.MONGOD_BIN ?? (await which('mongod'));
    const engine: Instance['engine'] = mongod ? 'mongod' : 'ferretdb';
    const bin = mongod ?? (await ensureFerretDB(log));
    let lastError: Error | undefined;
    // a port can be taken between our probe and the database's bind; try a few
    for (let attempt = 0; attempt < (options.port ? 1 : 3); attempt++) {
      const port = options.port ?? (await freePort());
      const storage = path.join(dir, engine);
      mkdirSync(storage, { recursive: true });
      const args =
        engine === 'mongod'
          ? ['--dbpath', storage, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet']
          : [
              '--handler=sqlite',
              `--sqlite-url=file:${storage}/`,
              `--state-dir=${storage}`,
              `--listen-addr=127.0.0.1:${port}`,
              '--telemetry=disable',
              '--debug-addr=-',
              '--log-level=warn',
            ];
      const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
      child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
      try {
        await waitUntilAnswering(port, child, () => output);
      } catch (err) {
        child.kill('SIGKILL');
        lastError = err as Error;
        continue;
      }
      writeFileSync(instanceFile, JSON.stringify({ pid: child.pid!, port, engine } satisfies Instance));
      log(`Embedded database: ${engine} on 127.0.0.1:${port}, data in ${storage}`);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return {
        uri: `mongodb://127.0.0.1:${port}/${dbName}`,
        engine,
        stop: async () => {
          if (child.exitCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await exited;
            clearTimeout(timer);
          }
          if (readFileSafe(instanceFile).includes(`"pid":${child.pid}`)) rmSync(instanceFile, { force: true });
        },
      };
    }
    throw new Error(`could not start the embedded database: ${lastError?.message}`);
  });
}
