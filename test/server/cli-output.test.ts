// Issue 20: the CLI says what it did in a sentence (the id still alone on the last line), explains
// refusals in words instead of raw errors, and has a full `help`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { GOOD_PASSWORD, startTestServer, type TestContext } from '../support/app.js';

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('CLI output: sentences, friendly refusals, full help (issue 20)', function () {
  this.timeout(180_000);
  let ctx: TestContext;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    ctx = await startTestServer();
    env = { ...process.env, MONGODB_URI: ctx.config.mongodbUri!, LOG_LEVEL: 'silent' };
  });
  after(() => ctx?.stop());

  it('help lists every command, an example and the environment; an unknown command says so', async () => {
    for (const args of [['help'], ['--help'], ['create-user', '--help']]) {
      const res = await cli(args, env);
      assert.equal(res.code, 0, res.stderr);
      for (const text of ['create-user --email E --role', 'create-api-key --name NAME', 'import-users FILE.csv', 'Example: npm run cli --', 'Environment:'])
        assert.ok(res.stdout.includes(text), `${args.join(' ')}: ${text}`);
    }
    const unknown = await cli(['frobnicate'], env);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /^Unknown command "frobnicate"\./m);
  });

  it('create-user prints what it made with the id alone on the last line; a taken email and a missing file are explained, no stack', async () => {
    const made = await cli(['create-user', '--email', 'ewa.cli@city.example', '--password', GOOD_PASSWORD, '--role', 'staff', '--department', 'roads'], env);
    assert.equal(made.code, 0, made.stderr);
    const lines = made.stdout.trim().split('\n');
    assert.equal(lines.at(-2), 'Created an active staff account for ewa.cli@city.example in department roads; it can sign in now. Account id:');
    assert.match(lines.at(-1)!, /^[a-f0-9]{24}$/);

    const again = await cli(['create-user', '--email', 'ewa.cli@city.example', '--password', GOOD_PASSWORD, '--role', 'staff', '--department', 'roads'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^Refused: An account with this email already exists$/m);
    assert.match(again.stderr, /email is already used by another account \(email taken\)/);
    const missing = await cli(['import-users', '/nonexistent/accounts.csv'], env);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split('\n').at(-1), 'No such file: /nonexistent/accounts.csv');
    for (const res of [again, missing]) assert.ok(!/\n\s+at /.test(res.stderr), `no stack trace: ${res.stderr}`);
  });
});
