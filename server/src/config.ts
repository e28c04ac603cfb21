import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { demoProfile } from './profile/demo.js';
import { profileSchema, type MunicipalityProfile } from './profile/schema.js';
import { localhostTwin, relyingParty, type RelyingParty } from './lib/relying-party.js';
import { loadIdentitySecrets, type IdentitySecrets } from './profile/identity.js';
import { loadCityOpSecrets, type CityOpSecrets } from './profile/city-op.js';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  appUrl: string;
  /** Unset means: start the embedded database in dataDir (see db/embedded.ts). */
  mongodbUri?: string;
  dataDir: string;
  smtpUrl?: string;
  mailFrom: string;
  jwtSecret: string;
  /** Keys data at rest: sealed outbox bodies and PESEL, keyed hashes (PESEL, SMS codes, throttle keys). */
  dataKey: string;
  corsOrigins: string[];
  smsWebhookUrl?: string;
  /** SMSAPI.pl (used when SMS_WEBHOOK_URL is unset). */
  smsapi?: { token: string; from?: string; url: string };
  profile: MunicipalityProfile;
  /** Secrets of the profile's identityProviders, from the environment. */
  identity: IdentitySecrets;
  /** Secrets of the profile's oidcClients and webhooks, and the OpenID Provider's keys (API.md §8). */
  cityOp: CityOpSecrets;
  /**
   * The built-in mail/SMS catchers and /dev/mailbox: only without SMTP_URL / SMS_WEBHOOK_URL, never in
   * production, and only when HOST and PUBLIC_URL are loopback or CIVICKIT_DEV=1 says so (devMode).
   */
  devMailbox: boolean;
  /** Reverse proxies in front of the API whose X-Forwarded-For entries are trusted (0: none). */
  trustProxy: number;
  logLevel: string;
  outbox: { pollIntervalMs: number; baseRetryMs: number; maxAttempts: number; leaseMs: number; ratePerMinute: number };
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Passkeys: RP ID (WEBAUTHN_RP_ID, else APP_URL's host; `localhost` for a loopback address in development) and accepted page origins. */
  webauthn: RelyingParty;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  HOST: Joi.string().hostname().default('127.0.0.1'),
  PUBLIC_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  APP_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  MONGODB_URI: Joi.string().uri({ scheme: ['mongodb', 'mongodb+srv'] }),
  DATA_DIR: Joi.string().default('./data'),
  SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
  MAIL_FROM: Joi.string().default('CivicKit <no-reply@localhost>'),
  JWT_SECRET: Joi.string().min(32).messages({ 'string.min': 'JWT_SECRET must be at least 32 characters' }),
  DATA_KEY: Joi.string().min(32).messages({ 'string.min': 'DATA_KEY must be at least 32 characters' }),
  CORS_ORIGINS: Joi.string(),
  CIVICKIT_CONFIG: Joi.string(),
  CIVICKIT_DEV: Joi.boolean().truthy('1').falsy('0').default(false),
  SMS_WEBHOOK_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  SMSAPI_TOKEN: Joi.string().min(10),
  SMSAPI_FROM: Joi.string().max(11),
  SMSAPI_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .default('https://api.smsapi.pl/sms.do'),
  TRUST_PROXY: Joi.alternatives(Joi.number().integer().min(0).max(10), Joi.boolean()).default(0),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  OUTBOX_POLL_MS: Joi.number().integer().min(10).default(1000),
  OUTBOX_RETRY_BASE_MS: Joi.number().integer().min(10).default(5000),
  OUTBOX_MAX_ATTEMPTS: Joi.number().integer().min(1).default(12),
  OUTBOX_RATE_PER_MINUTE: Joi.number().integer().min(1).default(600),
  OUTBOX_LEASE_MS: Joi.number().integer().min(1000).default(60_000),
  /** JSON merged over the profile's `limits` (staging, load tests, a browser test run sharing one loopback client). */
  CIVICKIT_LIMITS: Joi.string(),
  WEBAUTHN_RP_ID: Joi.string().hostname(),
  WEBAUTHN_RP_NAME: Joi.string().max(64),
}).unknown(true);

/** Parses CORS_ORIGINS; each entry must be an origin (scheme://host[:port]), never "null" or "*". */
function parseOrigins(raw: string, problems: string[]): string[] {
  const origins: string[] = [];
  for (const part of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      const url = new URL(part);
      if (url.origin === 'null' || url.origin !== part.replace(/\/$/, '')) throw new Error('not an origin');
      origins.push(url.origin);
    } catch {
      problems.push(`CORS_ORIGINS: "${part}" is not an origin like https://www.example.gov.pl`);
    }
  }
  return origins;
}

function loadProfile(file: string | undefined, limits: string | undefined, problems: string[]): MunicipalityProfile | undefined {
  let raw: unknown = demoProfile;
  if (file) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`CIVICKIT_CONFIG: cannot read ${file}: ${(err as Error).message}`);
      return undefined;
    }
  }
  if (limits) {
    try {
      const base = raw as { limits?: object };
      raw = { ...base, limits: { ...base.limits, ...(JSON.parse(limits) as object) } };
    } catch (err) {
      problems.push(`CIVICKIT_LIMITS: not JSON: ${(err as Error).message}`);
      return undefined;
    }
  }
  const { error, value } = profileSchema.validate(raw);
  if (error) {
    for (const detail of error.details) problems.push(`CIVICKIT_CONFIG: ${detail.message}`);
    return undefined;
  }
  return value;
}

/** 127.0.0.0/8, ::1 (bracketed in URLs) and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The development JWT secret lives in DATA_DIR so that restarts keep sessions valid. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string };
    if (stored.jwtSecret) return stored.jwtSecret;
  }
  mkdirSync(dataDir, { recursive: true });
  const jwtSecret = randomBytes(48).toString('base64url');
  writeFileSync(file, JSON.stringify({ jwtSecret }, null, 2), { mode: 0o600 });
  return jwtSecret;
}

/** The environment as the schema reads it, each problem one line; production requires its secrets and addresses. */
function readEnvironment(env: NodeJS.ProcessEnv, problems: string[]) {
  // VAR= in a shell or .env file means "unset", not "the empty string"
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const { error, value: e } = envSchema.validate(given, { abortEarly: false, convert: true });
  if (error) {
    for (const detail of error.details) problems.push(`${detail.path.join('.')}: ${detail.message.replace(/^"[^"]+" /, '')}`);
  }
  const production = e.NODE_ENV === 'production';
  if (production) {
    for (const name of ['JWT_SECRET', 'MONGODB_URI', 'SMTP_URL', 'PUBLIC_URL'] as const) {
      if (!e[name]) problems.push(`${name}: required when NODE_ENV=production`);
    }
  }
  return { given, e, production };
}

/** Environment + municipality profile -> one validated Config. Throws ConfigError with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const { given, e, production } = readEnvironment(env, problems);
  const profile = loadProfile(e.CIVICKIT_CONFIG, e.CIVICKIT_LIMITS, problems);
  if (production && e.CIVICKIT_DEV) problems.push('CIVICKIT_DEV: not allowed with NODE_ENV=production (the development catchers never run in production)');
  if (production && profile?.registration.requirePhoneVerification && !e.SMS_WEBHOOK_URL && !e.SMSAPI_TOKEN) {
    problems.push('SMS_WEBHOOK_URL: required (or SMSAPI_TOKEN) when NODE_ENV=production and the profile verifies phones');
  }
  const identity = loadIdentitySecrets(profile?.identityProviders ?? [], given, production, problems);
  const cityOp = loadCityOpSecrets(profile ?? { oidcClients: [], webhooks: [] }, given, production, problems);
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  const appUrl = e.APP_URL ?? `${publicUrl}/`;
  const ownOrigin = new URL(publicUrl).origin;
  // in development the demo also answers at http://localhost:PORT (passkeys refuse IP-address origins)
  const twin = production ? undefined : localhostTwin(ownOrigin);
  const corsOrigins = e.CORS_ORIGINS ? parseOrigins(e.CORS_ORIGINS, problems) : twin ? [ownOrigin, twin] : [ownOrigin];
  const webauthn = relyingParty({ production, publicUrl, appUrl, corsOrigins, rpId: e.WEBAUTHN_RP_ID, rpName: e.WEBAUTHN_RP_NAME ?? profile!.name }, problems);
  const devMode = !production && (e.CIVICKIT_DEV || (isLoopback(e.HOST) && isLoopback(new URL(publicUrl).hostname)));
  // never a catcher that shows every reset link to whoever can reach a public address
  if (!production && !devMode && !e.SMTP_URL) {
    problems.push(
      `SMTP_URL: required unless HOST and PUBLIC_URL are loopback (127.0.0.1, ::1, localhost) or CIVICKIT_DEV=1 is set; HOST=${e.HOST} and PUBLIC_URL=${publicUrl} would put the built-in mail catcher (/dev/mailbox, every reset link) on a public address`,
    );
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    appUrl,
    mongodbUri: e.MONGODB_URI,
    dataDir,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    jwtSecret: e.JWT_SECRET ?? devSecret(dataDir),
    // separate from JWT_SECRET so signing keys can rotate without losing PESEL lookups or queued mail
    dataKey: e.DATA_KEY ?? e.JWT_SECRET ?? devSecret(dataDir),
    corsOrigins,
    smsWebhookUrl: e.SMS_WEBHOOK_URL,
    smsapi: e.SMSAPI_TOKEN ? { token: e.SMSAPI_TOKEN, from: e.SMSAPI_FROM, url: e.SMSAPI_URL } : undefined,
    profile: profile!,
    identity,
    cityOp,
    devMailbox: devMode && (!e.SMTP_URL || (!e.SMS_WEBHOOK_URL && !e.SMSAPI_TOKEN)),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === true ? 1 : e.TRUST_PROXY === false ? 0 : e.TRUST_PROXY,
    outbox: {
      pollIntervalMs: e.OUTBOX_POLL_MS,
      baseRetryMs: e.OUTBOX_RETRY_BASE_MS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      leaseMs: e.OUTBOX_LEASE_MS,
      ratePerMinute: e.OUTBOX_RATE_PER_MINUTE,
    },
    // OWASP Password Storage Cheat Sheet: argon2id m=19 MiB, t=2, p=1. More would buy little against
    // offline guessing of 12+ character, zxcvbn-checked passwords, and costs sign-in capacity: at
    // 64 MiB/t=3 a 2-core node verified ~10 passwords/s, here ~40 (bench/login.bench.mjs).
    argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
    webauthn,
  };
}
