import type { Config } from '../config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

/**
 * Resolves the database: MONGODB_URI as given, else the embedded database in DATA_DIR (server and CLI alike).
 * `summary` is the one line that names the engine.
 */
export async function withDatabase(config: Config, log: (m: string) => void): Promise<{ config: Config; embedded?: EmbeddedDatabase; summary: string }> {
  if (config.mongodbUri) return { config, summary: `Database: ${hostsOf(config.mongodbUri)} (MONGODB_URI)` };
  const embedded = await startEmbeddedDatabase(config.dataDir, log);
  return { config: { ...config, mongodbUri: embedded.uri }, embedded, summary: embedded.summary };
}

/** The hosts of a connection string, never its credentials. */
function hostsOf(uri: string): string {
  return /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri)?.[1] ?? 'MONGODB_URI';
}
