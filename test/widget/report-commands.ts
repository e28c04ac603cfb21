/**
 * Node-side commands for the report element tests: accounts with a role (staff, admin) are made with
 * the real CLI (`npm run cli -- create-user`) on the test server's own database, as a city would.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WidgetTestServer } from '../support/spawn-server.js';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

type Payload = Record<string, unknown>;

function cli(args: string[], server: WidgetTestServer, profile: string): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: server.dataDir,
    PUBLIC_URL: server.url,
    CIVICKIT_CONFIG: resolve(ROOT, profile),
    LOG_LEVEL: 'warn',
  };
  delete env.MONGODB_URI;
  return new Promise((res, rej) => {
    execFile(process.execPath, ['--import', 'tsx', 'test/widget/run-cli.ts', ...args], { cwd: ROOT, env, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? rej(new Error(`cli ${args[0]} failed: ${stderr || err.message}`)) : res(stdout.trim()),
    );
  });
}

export async function runReportCommand(command: string, p: Payload, server: WidgetTestServer, profile: string): Promise<unknown> {
  switch (command) {
    case 'civic-reports-create-user': {
      const args = ['create-user', '--email', String(p.email), '--password', String(p.password), '--role', String(p.role ?? 'staff')];
      if (p.department) args.push('--department', String(p.department));
      args.push('--first-name', String(p.firstName ?? 'Ewa'), '--last-name', String(p.lastName ?? 'Urzędnik'));
      const out = await cli(args, server, profile);
      return { id: out.split('\n').pop() };
    }
    default:
      throw new Error(`unknown command ${command}`);
  }
}
