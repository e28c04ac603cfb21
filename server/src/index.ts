import { ConfigError, loadConfig, type Config } from './config.js';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withDatabase } from './db/resolve.js';
import { createServer } from './server.js';
import { localhostTwin } from './lib/relying-party.js';

/**
 * The database line at start, short: the engine and where its data lives. The embedded engine's
 * full story (why not MongoDB, what it can carry) is in docs/deployment.md; LOG_LEVEL=debug prints it.
 */
export function shortSummary(summary: string): string {
  if (summary.length <= 120 || process.env.LOG_LEVEL === 'debug') return summary;
  const engine = summary.split(' (')[0]!;
  const data = /data in ([^;),]+)/.exec(summary)?.[1];
  return `${engine}${data ? `, data in ${data}` : ''} (embedded, for development; production sets MONGODB_URI)`;
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
  const { config: resolved, embedded, summary } = await withDatabase(config, (m) => console.log(m));
  console.log(shortSummary(summary));
  const server = await createServer(resolved);
  try {
    await server.start();
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(
      e.code === 'EADDRINUSE'
        ? `Port ${config.port} on ${config.host} is already in use (another CivicKit?). Set PORT to another port.`
        : `Start failed: ${e.message}`,
    );
    await server.stop().catch(() => {});
    await embedded?.stop();
    process.exit(1);
  }
  console.log(`CivicKit listening on ${server.info.uri} (public URL ${resolved.publicUrl})`);
  // what the engine proved at start (db/capabilities.ts): native atomic operations, or the unique-insert emulation
  const { concurrency } = server.app.civic;
  console.log(`Concurrency: ${concurrency.mode === 'native' ? 'native atomic operations' : 'unique-insert emulation'} (${concurrency.why})`);
  const twin = localhostTwin(resolved.publicUrl);
  if (twin && resolved.webauthn.origins.includes(twin))
    console.log(`Passkeys: open ${twin}/ (browsers refuse WebAuthn on an IP address such as ${new URL(resolved.publicUrl).hostname})`);
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

// only when this file is the entry point (node dist/server/index.js, tsx server/src/index.ts)
const realpath = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};
const entry = process.argv[1] ? realpath(process.argv[1]) : '';
if (entry === realpathSync(fileURLToPath(import.meta.url))) {
  main().catch((err) => {
    console.error(`CivicKit failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}
