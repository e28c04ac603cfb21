/**
 * A real `mongod` for the embedded database, found or fetched through mongodb-memory-server:
 * MONGOMS_SYSTEM_BINARY (or MONGOD_BIN), else a `mongod` on PATH, else the binary mongodb-memory-server
 * downloaded once into its cache (~/.cache/mongodb-binaries), else its download now. npm 11 runs no
 * install scripts, so the download happens here, on first start, not in a postinstall.
 *
 * Machines without internet must not wait for retries: the download host is probed first with a short
 * timeout, and an unreachable host is a reason to fall back, not an error.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { DryMongoBinary, MongoBinary } from 'mongodb-memory-server-core';
import { MongoBinaryDownloadUrl } from 'mongodb-memory-server-core/lib/util/MongoBinaryDownloadUrl.js';

const run = promisify(execFile);
export const REPLICA_SET = 'rs0';
const PROBE_TIMEOUT_MS = 3000;

export type Log = (msg: string) => void;

/** Why no mongod could be had; the message is shown to the operator as it is. */
export class NoMongod extends Error {
  override name = 'NoMongod';
}

export async function which(cmd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${cmd}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Resolves within `timeoutMs`: true when a TCP connection to host:port opens. */
export function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The mongod binary to run, or NoMongod saying why there is none. */
export async function locateMongod(log: Log): Promise<{ bin: string; how: string }> {
  const system = process.env.MONGOMS_SYSTEM_BINARY || process.env.MONGOD_BIN;
  if (system) {
    if (!existsSync(system)) throw new NoMongod(`MONGOMS_SYSTEM_BINARY=${system} does not exist`);
    return { bin: system, how: `MONGOMS_SYSTEM_BINARY ${system}` };
  }
  const onPath = await which('mongod');
  if (onPath) return { bin: onPath, how: `${onPath} on PATH` };

  const options = await DryMongoBinary.generateOptions({});
  const cached = await DryMongoBinary.locateBinary(options);
  if (cached) return { bin: cached, how: `MongoDB ${options.version} cached in ${options.downloadDir}` };
  if (process.env.MONGOMS_RUNTIME_DOWNLOAD && /^(0|false|no)$/i.test(process.env.MONGOMS_RUNTIME_DOWNLOAD)) {
    throw new NoMongod('no mongod installed and MONGOMS_RUNTIME_DOWNLOAD is off');
  }
  const url = new URL(
    await new MongoBinaryDownloadUrl({ platform: options.platform, arch: options.arch, version: options.version, os: options.os }).getDownloadUrl(),
  );
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  if (!(await reachable(url.hostname, port, PROBE_TIMEOUT_MS))) {
    throw new NoMongod(`no mongod installed and ${url.host} cannot be reached to download MongoDB ${options.version}`);
  }
  log(`Downloading MongoDB ${options.version} from ${url.host} into ${options.downloadDir} (first start on this machine only)…`);
  try {
    const bin = await MongoBinary.getPath({ version: options.version });
    return { bin, how: `MongoDB ${options.version} downloaded into ${options.downloadDir}` };
  } catch (err) {
    throw new NoMongod(`downloading MongoDB ${options.version} from ${url.host} failed: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** mongod's command line: data in `dbPath`, loopback only, a single-node replica set. */
export function mongodArgs(dbPath: string, port: number): string[] {
  return ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--replSet', REPLICA_SET, '--quiet'];
}

/**
 * Makes the freshly started mongod the primary of a one-member replica set: initiates it the first time,
 * re-points the member when the port changed since the data was written, then waits to be primary.
 */
export async function becomePrimary(port: number, timeoutMs = 30_000): Promise<void> {
  const host = `127.0.0.1:${port}`;
  const client = await new MongoClient(`mongodb://${host}/?directConnection=true`, { serverSelectionTimeoutMS: 5000 }).connect();
  const admin = client.db('admin');
  try {
    let config: { _id: string; version: number; members: Array<{ _id: number; host: string }> } | undefined;
    try {
      config = (await admin.command({ replSetGetConfig: 1 })).config;
    } catch (err) {
      if ((err as { code?: number }).code !== 94 /* NotYetInitialized */) throw err;
    }
    if (!config) await admin.command({ replSetInitiate: { _id: REPLICA_SET, members: [{ _id: 0, host }] } });
    else if (config.members.length !== 1 || config.members[0]!.host !== host) {
      await admin.command({ replSetReconfig: { ...config, version: config.version + 1, members: [{ _id: 0, host }] }, force: true });
    }
    const deadline = Date.now() + timeoutMs;
    while (!(await admin.command({ hello: 1 })).isWritablePrimary) {
      if (Date.now() > deadline) throw new Error(`mongod did not become primary of ${REPLICA_SET} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await client.close();
  }
}
