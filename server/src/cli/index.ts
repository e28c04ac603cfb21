import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { withDatabase } from '../db/resolve.js';
import { createApp, prepareDatabase, type App } from '../app.js';
import { ROLES, type Role } from '../plugins/accounts/index.js';
import { CREATE_API_KEY_USAGE, createApiKeyCommand } from '../plugins/open311/index.js';
import { IMPORT_USAGE, importUsersCommand } from '../plugins/admin/index.js';
import { friendlyError } from './errors.js';
import { readPassword } from './password.js';

const USAGE = `CivicKit command line: accounts and API keys, on the same database as the server.

Usage: npm run cli -- <command> [options]
       npm run cli -- help              this text

Commands:

  create-user --email E --role resident|staff|admin [--department D] [--first-name F --last-name L]
              [--password-stdin | --password P]
      Creates an already-active account (it can sign in at once) and prints what it made, with the
      account's id alone on the last line. Staff need --department (an id from the profile's
      departments). Without a password option it asks for one (not shown as typed);
      --password-stdin reads it from standard input. --password P also works, but npm prints the
      command line back and the shell keeps it in its history.
      Example: npm run cli -- create-user --email anna@city.example --role staff --department roads
`;

const FOOTER = `
Environment: the CLI uses the same database as the server for the same environment (MONGODB_URI, or
DATA_DIR for the embedded one), whether or not the server is running, and the same profile
(CIVICKIT_CONFIG). Exit codes: 0 done, 1 refused, failed or wrong options (the reason is printed), 64 unknown command.`;

const fullUsage = () => [USAGE, ...extraUsage, FOOTER].join('\n');

type Command = (app: App, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async 'create-user'(app, args) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        role: { type: 'string', default: 'resident' },
        department: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
      },
      strict: true,
    });
    const password = await readPassword({ password: values.password, stdin: values['password-stdin'] });
    if (!values.email || !password) throw new UsageError('create-user needs --email and a password (--password-stdin, or typed when asked)');
    if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const user = await app.accounts.createActiveUser({
      email: values.email,
      password,
      role: values.role as Role,
      department: values.department,
      firstName: values['first-name'],
      lastName: values['last-name'],
    });
    const department = values.department ? ` in department ${values.department}` : '';
    console.log(`Created an active ${values.role} account for ${user.email}${department}; it can sign in now. Account id:`);
    console.log(String(user._id));
  },
};

export function registerCommand(name: string, command: Command, usage: string): void {
  commands[name] = command;
  extraUsage.push(usage);
}
const extraUsage: string[] = [];
registerCommand('create-api-key', createApiKeyCommand, CREATE_API_KEY_USAGE);
registerCommand('import-users', importUsersCommand, IMPORT_USAGE);

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || ['help', '--help', '-h'].includes(name) || args.includes('--help')) {
    console.log(fullUsage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${fullUsage()}`);
    return 64;
  }
  let app: App | undefined;
  const { config, embedded } = await withDatabase(loadConfig(), (m) => console.error(m));
  try {
    app = createApp(config);
    await prepareDatabase(app);
    await command(app, args);
    return Number(process.exitCode ?? 0);
  } finally {
    await app?.conn.close();
    await embedded?.stop();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    const usage = err instanceof UsageError || (err as { usage?: boolean }).usage || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (err instanceof ConfigError) console.error(`The configuration is not valid:\n  ${err.problems.join('\n  ')}`);
    else if (usage) console.error(`${(err as Error).message}\n\nRun "npm run cli -- help" for every command and option.`);
    else console.error(friendlyError(err));
    process.exit(1);
  });
