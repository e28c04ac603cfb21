import { ConfigError, loadConfig, type Config } from './config.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.js';
import { createServer } from './server.js';

/** Resolves the database: MONGODB_URI as given, else the embedded database in DATA_DIR. */
export async function withDatabase(config: Config, log: (m: string) => void): Promise<{ config: Config; embedded?: EmbeddedDatabase }> {
  if (config.mongodbUri) return { config };
  const embedded = await startEmbeddedDatabase(config.dataDir, log);
  return { config: { ...config, mongodbUri: embedded.uri }, embedded };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error('CivicKit cannot start; fix the configuration:');
      for (const line of err.problems) console.error(`  ${line}`);
      process.exit(78);
    }
    throw err;
  }
  const { config: resolved, embedded } = await withDatabase(config, (m) => console.log(m));
  const server = await createServer(resolved);
  try {
    await server.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(e.code === 'EADDRINUSE' ? `Port ${config.port} on ${config.host} is already in use (another CivicKit?). Set PORT to another port.` : `Start failed: ${e.message}`);
    await server.stop().catch(() => {});
    await embedded?.stop();
    process.exit(1);
  }
  console.log(`CivicKit listening on ${server.info.uri} (public URL ${resolved.publicUrl})`);
  if (resolved.devMailbox) console.log(`Dev mailbox: ${resolved.publicUrl}/dev/mailbox`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests and stopping…`);
    await server.stop({ timeout: 10_000 });
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('index.ts') || process.argv[1]?.endsWith('server/index.js')) {
  main().catch((err) => {
    console.error(`CivicKit failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}
