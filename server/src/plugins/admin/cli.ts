import { readFileSync } from 'node:fs';
import type { AdminService } from './service.js';

export const IMPORT_USAGE = `  import-users FILE.csv
      Imports legacy accounts (columns email,firstName,lastName,phone[,district,pesel,locale]); each is
      created pending and gets a re-verification email. Re-runs skip accounts that exist.`;

/** `npm run cli -- import-users FILE.csv`: progress on the terminal, bad rows by line, exit 1 if any row failed. */
export async function importUsersCommand(app: { admin: Pick<AdminService, 'importUsers'> }, args: string[]): Promise<void> {
  const [file] = args;
  if (!file) throw Object.assign(new Error('import-users needs a CSV file'), { usage: true });
  const csv = readFileSync(file, 'utf8');
  const tty = process.stderr.isTTY;
  const result = await app.admin.importUsers({ email: 'cli' }, csv, (done, total) => {
    if (tty) process.stderr.write(`\rImporting ${done}/${total}…`);
    else if (done === total || done % 100 === 0) process.stderr.write(`Imported ${done}/${total}\n`);
  });
  if (tty) process.stderr.write('\n');
  for (const e of result.errors)
    console.log(
      `line ${e.line}: ${Object.entries(e.fields)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  console.log(
    `${result.created} created, ${result.skipped.length} skipped (already exist), ${result.errors.length} with errors; re-verification emails queued.`,
  );
  if (result.errors.length) process.exitCode = 1;
}
