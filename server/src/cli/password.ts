import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * The password for `create-user` without putting it on the command line (where `npm run` prints it
 * back and the shell keeps it in history): `--password-stdin` reads it from standard input (e.g.
 * from a secrets manager, `printf '%s' "$PW" | npm run cli -- create-user … --password-stdin`);
 * without either flag, on a terminal, it is asked for without echo. `--password P` still works.
 */
export async function readPassword(opts: { password?: string; stdin?: boolean }): Promise<string | undefined> {
  if (opts.password !== undefined) return opts.password;
  if (opts.stdin) return (await readAll(process.stdin)).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) return undefined;
  return prompt('Password (not shown): ');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function prompt(question: string): Promise<string> {
  let muted = false;
  // the typed characters go nowhere; only the question is written
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
