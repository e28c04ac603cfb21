/**
 * Which embedded database `npm start` gets: a real mongod when one can be had (installed, cached or
 * downloaded through mongodb-memory-server), else FerretDB; CIVICKIT_DB_ENGINE forces one. These
 * machines cannot download mongod, so the mongod paths are driven with stand-ins that exist here: a
 * loopback "mirror" serving an archive whose bin/mongod is a script, and scripts on MONGOMS_SYSTEM_BINARY.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { DryMongoBinary } from 'mongodb-memory-server-core';
import { ensureFerretDB, startEmbeddedDatabase } from '../../server/src/db/embedded.js';
import { freePort } from '../support/spawn-server.js';

const run = promisify(execFile);
/** mongodb-memory-server reads the version and platform from the archive's name. */
const ARCHIVE = 'mongodb-linux-x86_64-debian12-7.0.24.tgz';
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `civickit-engine-${name}-`));

/** Runs `fn` with these environment variables set (undefined: unset), restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** A PATH with a shell and nothing else: no mongod, no go, no ferretdb. */
function barePath(): string {
  const dir = tmp('path');
  symlinkSync('/bin/sh', path.join(dir, 'sh'));
  return dir;
}

/** The environment of a machine with no mongod installed or cached, whose downloads go to `url`. */
async function noMongodMachine(downloadUrl?: string): Promise<Record<string, string | undefined>> {
  return {
    PATH: barePath(),
    MONGOMS_SYSTEM_BINARY: undefined,
    MONGOD_BIN: undefined,
    MONGOMS_DOWNLOAD_DIR: tmp('mms-cache'),
    MONGOMS_DOWNLOAD_URL: downloadUrl ?? `http://127.0.0.1:${await freePort()}/${ARCHIVE}`, // nothing listens there
    CIVICKIT_DB_ENGINE: undefined,
  };
}

function script(body: string): string {
  const file = path.join(tmp('bin'), 'mongod');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

async function roundTrip(uri: string): Promise<number> {
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    await conn.db!.collection('probe').insertOne({ ok: true });
    return await conn.db!.collection('probe').countDocuments({ ok: true });
  } finally {
    await conn.close();
  }
}

describe('embedded database engine selection', function () {
  this.timeout(60_000);
  let ferretdb: string;
  before(async () => {
    ferretdb = await ensureFerretDB(() => {});
  });

  it('falls back to FerretDB at once when the mongod download host refuses, and says so in one line', async () => {
    const env = await noMongodMachine();
    const started = Date.now();
    const db = await withEnv({ ...env, FERRETDB_BIN: ferretdb }, () => startEmbeddedDatabase(tmp('data'), () => {}));
    try {
      assert.ok(Date.now() - started < 15_000, 'no download retries before falling back');
      assert.equal(db.engine, 'ferretdb');
      assert.match(db.summary, /^Database: FerretDB v1\.24\.2 on SQLite/);
      assert.match(db.summary, /cannot be reached to download MongoDB/);
      assert.match(db.summary, /production needs MongoDB/);
      assert.ok(!db.summary.includes('\n'));
      assert.equal(await roundTrip(db.uri), 1);
    } finally {
      await db.stop();
    }
  });

  it('falls back to FerretDB when the system mongod does not start, after asking it for a replica set in DATA_DIR', async () => {
    const log = path.join(tmp('log'), 'args');
    const bin = script(`echo "$@" >> ${log}; echo "fake mongod: illegal instruction" >&2; exit 132`);
    const dataDir = tmp('data');
    const db = await withEnv({ ...(await noMongodMachine()), MONGOMS_SYSTEM_BINARY: bin, FERRETDB_BIN: ferretdb }, () =>
      startEmbeddedDatabase(dataDir, () => {}),
    );
    try {
      assert.equal(db.engine, 'ferretdb');
      assert.match(db.summary, /did not start: .*fake mongod: illegal instruction/);
      const args = readFileSync(log, 'utf8');
      assert.match(args, /--replSet rs0/);
      assert.ok(args.includes(`--dbpath ${path.join(dataDir, 'db', 'mongodb')}`), args);
      assert.match(args, /--bind_ip 127\.0\.0\.1/);
    } finally {
      await db.stop();
    }
  });

  it('CIVICKIT_DB_ENGINE=mongodb does not fall back, and the error says what to do', async () => {
    const err = await withEnv({ ...(await noMongodMachine()), CIVICKIT_DB_ENGINE: 'mongodb', FERRETDB_BIN: ferretdb }, () =>
      startEmbeddedDatabase(tmp('data'), () => {}),
    ).then(
      () => assert.fail('started without mongod'),
      (e: Error) => e,
    );
    assert.match(err.message, /^CIVICKIT_DB_ENGINE=mongodb, but no mongod installed and 127\.0\.0\.1:\d+ cannot be reached/);
    assert.match(err.message, /set MONGODB_URI/);
    assert.match(err.message, /MONGOMS_SYSTEM_BINARY=\/path\/to\/mongod/);
  });

  it('CIVICKIT_DB_ENGINE=ferretdb skips mongod even when one is given', async () => {
    const log = path.join(tmp('log'), 'args');
    const bin = script(`echo "$@" >> ${log}; exit 1`);
    const db = await withEnv({ ...(await noMongodMachine()), MONGOMS_SYSTEM_BINARY: bin, CIVICKIT_DB_ENGINE: 'ferretdb', FERRETDB_BIN: ferretdb }, () =>
      startEmbeddedDatabase(tmp('data'), () => {}),
    );
    try {
      assert.equal(db.engine, 'ferretdb');
      assert.ok(!existsSync(log), 'mongod was not started');
    } finally {
      await db.stop();
    }
    const bad = await withEnv({ CIVICKIT_DB_ENGINE: 'postgres' }, () => startEmbeddedDatabase(tmp('data'), () => {})).catch((e: Error) => e);
    assert.match(String((bad as Error).message), /CIVICKIT_DB_ENGINE must be mongodb or ferretdb/);
  });

  it('without Go and without mongod, the error names every way to get a database', async () => {
    const err = await withEnv({ ...(await noMongodMachine()), FERRETDB_BIN: undefined, CIVICKIT_CACHE_DIR: tmp('empty-cache') }, () =>
      startEmbeddedDatabase(tmp('data'), () => {}),
    ).then(
      () => assert.fail('started without any engine'),
      (e: Error) => e,
    );
    assert.match(err.message, /^No database engine can be had: no mongod installed .*, and Go is not installed, so FerretDB cannot be built\./);
    for (const way of [/set MONGODB_URI/, /`mongod` is on PATH/, /MONGOMS_SYSTEM_BINARY/, /fastdl\.mongodb\.org/, /install Go 1\.21\+/])
      assert.match(err.message, way);
  });

  it('downloads mongod once through mongodb-memory-server, caches it, and starts it as a replica set', async () => {
    // The "mirror" serves a MongoDB-shaped archive whose bin/mongod is a stand-in: it records its
    // arguments and serves the wire protocol with FerretDB. FerretDB has no replica sets, so the
    // replSetGetConfig step refuses it and the start falls back, which is the last thing checked.
    const argsLog = path.join(tmp('log'), 'args');
    const root = tmp('archive');
    const inner = path.join(root, 'mongodb-linux-x86_64-fake-7.0.24');
    mkdirSync(path.join(inner, 'bin'), { recursive: true });
    writeFileSync(
      path.join(inner, 'bin', 'mongod'),
      [
        '#!/bin/sh',
        '[ "$1" = "--version" ] && { echo "db version v7.0.24"; exit 0; }',
        `echo "$@" >> ${argsLog}`,
        'while [ $# -gt 0 ]; do case "$1" in --port) port=$2; shift;; --dbpath) dbpath=$2; shift;; esac; shift; done',
        `exec ${ferretdb} --handler=sqlite --sqlite-url=file:$dbpath/ --state-dir=$dbpath --listen-addr=127.0.0.1:$port --telemetry=disable --debug-addr=- --log-level=error`,
      ].join('\n'),
    );
    chmodSync(path.join(inner, 'bin', 'mongod'), 0o755);
    await run('tar', ['czf', path.join(root, 'mongodb.tgz'), '-C', root, path.basename(inner)]);
    const archive = readFileSync(path.join(root, 'mongodb.tgz'));
    const requests: string[] = [];
    const mirror = http.createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === `/${ARCHIVE}`) res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length }).end(archive);
      else if (req.url === `/${ARCHIVE}.md5`) res.end(`${createHash('md5').update(archive).digest('hex')}  ${ARCHIVE}\n`);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
    const env = await noMongodMachine(`http://127.0.0.1:${(mirror.address() as { port: number }).port}/${ARCHIVE}`);
    try {
      const dataDir = tmp('data');
      const messages: string[] = [];
      const db = await withEnv({ ...env, MONGOMS_USE_HTTP: 'true', FERRETDB_BIN: ferretdb }, () => startEmbeddedDatabase(dataDir, (m) => messages.push(m)));
      await db.stop();
      assert.ok(requests.includes(`/${ARCHIVE}`), `downloaded: ${requests.join(', ')}; ${db.summary}`);
      assert.ok(
        messages.some((m) => /^Downloading MongoDB 7\.0\.24 from 127\.0\.0\.1:\d+ into /.test(m)),
        messages.join('\n'),
      );
      const args = readFileSync(argsLog, 'utf8');
      assert.match(args, /--replSet rs0/);
      assert.ok(args.includes(`--dbpath ${path.join(dataDir, 'db', 'mongodb')}`));
      assert.match(db.summary, /MongoDB 7\.0\.24 downloaded into .* started but did not become a replica set primary/);

      // the second start finds the cached binary and downloads nothing
      const before = requests.length;
      const again = await withEnv({ ...env, MONGOMS_USE_HTTP: 'true', FERRETDB_BIN: ferretdb }, () => startEmbeddedDatabase(tmp('data'), () => {}));
      await again.stop();
      assert.equal(requests.length, before, 'no second download');
      assert.match(again.summary, /MongoDB 7\.0\.24 cached in /);
    } finally {
      mirror.close();
      DryMongoBinary.binaryCache.clear(); // the stand-in must not outlive this test in this process
    }
  });

  it('npm start prints one line naming the engine', async function () {
    this.timeout(120_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(await noMongodMachine()),
      PATH: process.env.PATH,
      DATA_DIR: tmp('data'),
      PORT: '0',
      LOG_LEVEL: 'silent',
      FERRETDB_BIN: ferretdb,
    };
    delete env.MONGODB_URI;
    delete env.MONGOMS_SYSTEM_BINARY;
    const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
      env: { ...env, MONGOMS_SYSTEM_BINARY: script('exit 1') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    try {
      for (let i = 0; i < 900 && !/listening on /.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      const lines = out.split('\n').filter((l) => l.startsWith('Database:'));
      assert.equal(lines.length, 1, out);
      // one short line (issue 20): the engine, where its data lives, and that production sets MONGODB_URI
      assert.match(lines[0]!, /^Database: FerretDB v[\d.]+ on SQLite, data in \S+ \(embedded, for development; production sets MONGODB_URI\)$/);
      assert.ok(lines[0]!.length <= 200, lines[0]);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });
});
