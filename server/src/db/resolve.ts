import type { Config } from '../config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

/** Resolves the database: MONGODB_URI as given, else the embedded database in DATA_DIR (server and CLI alike). */
export async function withDatabase(config: Config, log: (m: string) => void): Promise<{ config: Config; embedded?: EmbeddedDatabase }> {
  if (config.mongodbUri) return { config };
  const embedded = await startEmbeddedDatabase(config.dataDir, log);
  return { config: { ...config, mongodbUri: embedded.uri }, embedded };
}
