import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { withDatabase } from '../db/resolve.js';
import { createApp, prepareDatabase, type App } from '../app.js';
import { ROLES, type Role } from '../plugins/accounts/index.js';
import { CREATE_API_KEY_USAGE, createApiKeyCommand } from '../plugins/open311/index.js';
import { IMPORT_USAGE, importUsersCommand } from '../plugins/admin/index.js';
import { readPassword } from './password.js';

const USAGE = `Usage: npm run cli -- <command> [options]

  create-user --email E (--password-stdin | --password P) --role resident|staff|admin [--department D] [--first-name F --last-name L]
      Creates an already-active account and prints its id. Without a password option it asks for one
      (not shown as typed); --password-stdin reads it from standard input. --password P also works,
      but npm prints the command line back and the shell keeps it in its history.

The CLI uses the same database as the server for the same environment (MONGODB_URI, or DATA_DIR).`;

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
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error([USAGE, ...extraUsage].join('\n'));
    return name ? 64 : 0;
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
    if (err instanceof ConfigError) console.error(err.problems.join('\n'));
    else if (err instanceof UsageError || (err as { usage?: boolean }).usage || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      console.error(`${(err as Error).message}\n\n${USAGE}`);
    else if ((err as { isBoom?: boolean }).isBoom) {
      const payload = (err as { output: { payload: { message: string; fields?: Record<string, string> } } }).output.payload;
      console.error(
        `${payload.message}${
          payload.fields
            ? `: ${Object.entries(payload.fields)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`
            : ''
        }`,
      );
    } else console.error((err as Error).message);
    process.exit(1);
  });
