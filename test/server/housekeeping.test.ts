import assert from 'node:assert/strict';
import { Housekeeping } from '../../server/src/housekeeping.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A job due at start and then every `everyMs`. */
const atOnce = (name: string, everyMs: number, run: () => Promise<unknown>) => ({ name, everyMs, firstAfterMs: 0, run });

describe('housekeeping: one schedule for every periodic job', () => {
  let housekeeping: Housekeeping | undefined;
  afterEach(async () => housekeeping?.stop());

  it('runs nothing before start, then each job at its first delay and interval', async () => {
    housekeeping = new Housekeeping();
    const runs: string[] = [];
    housekeeping.register(atOnce('at-once', 60, async () => void runs.push('at-once')));
    housekeeping.register({ name: 'later', everyMs: 1_000, firstAfterMs: 100, run: async () => void runs.push('later') });
    await sleep(50);
    assert.deepEqual(runs, [], 'nothing runs before start (the database may not be ready)');
    housekeeping.start();
    await sleep(30);
    assert.deepEqual(runs, ['at-once']);
    await sleep(300);
    assert.equal(runs.filter((r) => r === 'later').length, 1, 'the first delay, then the interval');
    assert.ok(runs.filter((r) => r === 'at-once').length >= 3, 'the short job keeps its own interval');
  });

  it('never overlaps a job with itself', async () => {
    housekeeping = new Housekeeping();
    let running = 0;
    let most = 0;
    let runs = 0;
    housekeeping.register(
      atOnce('slow', 10, async () => {
        running++;
        runs++;
        most = Math.max(most, running);
        await sleep(50);
        running--;
      }),
    );
    housekeeping.start();
    await sleep(200);
    assert.equal(most, 1);
    assert.ok(runs >= 2, 'a slow run delays the next one, it does not cancel it');
  });

  it('logs a failure under the job name without its message, and the other jobs and later runs go on', async () => {
    const logged: Array<{ tags: string[]; data: unknown }> = [];
    housekeeping = new Housekeeping((tags, data) => logged.push({ tags, data }));
    let fine = 0;
    let failing = 0;
    housekeeping.register(
      atOnce('failing', 20, async () => {
        failing++;
        throw Object.assign(new Error('duplicate key: { email: "jan@example.pl" }'), { code: 11000 });
      }),
    );
    housekeeping.register(atOnce('fine', 20, async () => void fine++));
    housekeeping.start();
    await sleep(200);
    assert.ok(failing >= 2 && fine >= 2);
    const entry = logged[0]!;
    assert.deepEqual(entry.tags, ['housekeeping', 'warn']);
    assert.equal((entry.data as { job: string }).job, 'failing');
    assert.ok(!JSON.stringify(logged).includes('jan@example.pl'), 'no personal data from the error reaches the log');
  });

  it('stop waits for a run in flight and nothing runs after it', async () => {
    housekeeping = new Housekeeping();
    let finished = false;
    let runs = 0;
    housekeeping.register(
      atOnce('slow', 10, async () => {
        runs++;
        await sleep(80);
        finished = true;
      }),
    );
    housekeeping.start();
    await sleep(20);
    await housekeeping.stop();
    assert.equal(finished, true, 'stop resolved only after the run ended');
    const after = runs;
    await sleep(60);
    assert.equal(runs, after);
  });

  it('refuses a job name given twice', () => {
    housekeeping = new Housekeeping();
    const job = { name: 'twice', everyMs: 1_000, run: async () => {} };
    housekeeping.register(job);
    assert.throws(() => housekeeping!.register(job), /registered twice/);
  });
});
