import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import argon2 from 'argon2';
import type { FieldCode } from './errors.js';
import { Gate } from './gate.js';
import { guessable, WORKER_MARK, type StrengthJob } from './password-worker.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The cheap, full-length part of the policy (the length limits), for Joi rules that run before the async check. */
export function checkPasswordLength(password: string): FieldCode | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  return undefined;
}

/**
 * Password policy (ASVS 2.1): 12–128 characters, anything allowed, no composition rules; refuse
 * passwords that zxcvbn finds in its offline common-password lists or rates as guessable
 * (score < 3, i.e. under ~10^8 guesses). Context words (the resident's name, email) count against it.
 * zxcvbn reads the first ANALYSED_LENGTH characters only (lib/password-worker.ts), so one check costs
 * at most ~0.1–0.3 s of CPU; still, this blocks the event loop: request paths use checkPasswordAsync.
 */
export function checkPassword(password: string, context: string[] = []): FieldCode | undefined {
  return checkPasswordLength(password) ?? (guessable(password, context) ? 'breached' : undefined);
}

/** Checks waiting for a worker; one more is answered 503 service_unavailable with Retry-After. */
export const PASSWORD_CHECK_QUEUE = 64;

/**
 * zxcvbn in worker threads: the event loop keeps answering other requests while passwords are
 * rated. One worker per core but one (the event loop keeps a core), at least one; at most
 * PASSWORD_CHECK_QUEUE checks wait, more are refused rather than queued without end.
 */
class StrengthPool {
  private readonly gate = new Gate({
    slots: Math.max(1, availableParallelism() - 1),
    budget: Infinity,
    maxWaiting: PASSWORD_CHECK_QUEUE,
    what: 'password checks',
    retryAfter: 2,
  });
  private readonly idle: Worker[] = [];
  private nextId = 0;

  check(password: string, context: string[]): Promise<boolean> {
    return this.gate.run(1, () => this.onWorker({ id: this.nextId++, password, context }));
  }

  private onWorker(job: StrengthJob): Promise<boolean> {
    const worker = this.idle.pop() ?? this.spawn();
    return new Promise<boolean>((resolve, reject) => {
      const done = (message: { id: number; guessable?: boolean; error?: string }) => {
        if (message.id !== job.id) return;
        worker.off('message', done).off('error', crashed);
        this.idle.push(worker);
        if (message.error !== undefined) reject(new Error(`password check failed: ${message.error}`));
        else resolve(Boolean(message.guessable));
      };
      const crashed = (err: Error) => {
        worker.off('message', done);
        reject(err);
      };
      worker.on('message', done).once('error', crashed);
      worker.postMessage(job);
    });
  }

  private spawn(): Worker {
    // the same extension as this file: .ts under tsx (tests, dev), .js when built
    const here = fileURLToPath(import.meta.url);
    const file = path.join(path.dirname(here), `password-worker${path.extname(here)}`);
    // Node 20 workers do not inherit tsx's loader: under tsx, load the .ts entry through tsx's require hook
    const worker = file.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(createRequire(here).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, {
          eval: true,
          workerData: WORKER_MARK,
        })
      : new Worker(file, { workerData: WORKER_MARK });
    worker.unref(); // idle workers never keep the process alive
    // a dead worker is dropped (its job, if any, is rejected in onWorker); the next check starts a fresh one
    worker.on('error', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }
}

let pool: StrengthPool | undefined;

/** checkPassword's policy and codes, with zxcvbn off the event loop (see StrengthPool); length is checked first, here. */
export async function checkPasswordAsync(password: string, context: string[] = []): Promise<FieldCode | undefined> {
  const cheap = checkPasswordLength(password);
  if (cheap) return cheap;
  pool ??= new StrengthPool();
  return (await pool.check(password, context.filter(Boolean))) ? 'breached' : undefined;
}

export class PasswordHasher {
  private dummy?: Promise<string>;
  constructor(private readonly params: Argon2Params) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verify, so a missing account cannot be told apart by timing. */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('civickit-dummy-password-for-timing');
    await argon2.verify(await this.dummy, password).catch(() => false);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, { ...this.params });
  }
}
