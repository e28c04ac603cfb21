import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/db/embedded.js';

/**
 * One real database process per test run: MONGODB_URI when set (a real MongoDB), else an embedded
 * FerretDB in a temp dir. Every suite gets a database of its own on it (uniqueDatabaseUri).
 */
let embedded: EmbeddedDatabase | undefined;
let baseUri: string | undefined;
let dir: string | undefined;

export async function startTestDatabase(): Promise<string> {
  if (baseUri) return baseUri;
  if (process.env.MONGODB_URI) {
    baseUri = process.env.MONGODB_URI;
    return baseUri;
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-test-db-'));
  embedded = await startEmbeddedDatabase(dir, (m) => process.stderr.write(`[test db] ${m}\n`));
  baseUri = embedded.uri;
  return baseUri;
}

export async function stopTestDatabase(): Promise<void> {
  await embedded?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  embedded = undefined;
  baseUri = undefined;
}

export function uniqueDatabaseUri(base: string, prefix = 't'): string {
  const url = new URL(base);
  url.pathname = `/${prefix}_${randomBytes(6).toString('hex')}`;
  return url.toString();
}
