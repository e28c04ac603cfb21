// Issue 14, item 13: the CLI takes the password from standard input (or asks for it) so that it is
// never on the command line, which npm prints back and the shell keeps in its history.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { GOOD_PASSWORD, startTestServer, type TestContext } from '../support/app.js';

function cli(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('npm', ['run', 'cli', '--', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.stdin.end(stdin);
    p.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

describe('CLI create-user without the password on the command line', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestServer();
  });
  after(() => ctx.stop());

  it('--password-stdin: the account signs in with it, and nothing prints it', async () => {
    const env = { ...process.env, MONGODB_URI: ctx.config.mongodbUri!, LOG_LEVEL: 'silent' };
    const res = await cli(
      ['create-user', '--email', 'stdin@city.example', '--password-stdin', '--role', 'staff', '--department', 'roads'],
      env,
      `${GOOD_PASSWORD}\n`,
    );
    assert.equal(res.code, 0, res.out);
    assert.match(res.out, /^[a-f0-9]{24}$/m);
    assert.ok(!res.out.includes(GOOD_PASSWORD), 'the password is not echoed');
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'stdin@city.example', password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 200);
  });

  it('without any password (and no terminal to ask on) it says how to give one', async () => {
    const env = { ...process.env, MONGODB_URI: ctx.config.mongodbUri!, LOG_LEVEL: 'silent' };
    const res = await cli(['create-user', '--email', 'none@city.example', '--role', 'resident'], env, '');
    assert.equal(res.code, 1);
    assert.match(res.out, /--password-stdin/);
  });
});
