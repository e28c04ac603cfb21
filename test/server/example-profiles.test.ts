import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { startTestServer } from '../support/app.js';

const DIR = path.resolve(import.meta.dirname, '../../examples/profiles');
const PROFILES = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('every example profile starts without login.gov.pl keys or OIDC secrets (issue 20)', () => {
  for (const file of PROFILES) {
    it(`${file}: starts outside production, its keyless providers left out of GET /auth/providers; production refuses, one line per missing key`, async () => {
      const ctx = await startTestServer({ env: { CIVICKIT_CONFIG: path.join(DIR, file) } });
      try {
        assert.equal((await ctx.inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
        const providers = (await ctx.inject({ method: 'GET', url: '/api/v1/auth/providers' })).json as Array<{ id: string }>;
        assert.deepEqual(providers, [], 'nothing offered that cannot work');
        assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/categories' })).statusCode, 200);
      } finally {
        await ctx.stop();
      }
      const production = {
        NODE_ENV: 'production',
        CIVICKIT_CONFIG: path.join(DIR, file),
        PUBLIC_URL: 'https://zgloszenia.example.gov.pl',
        JWT_SECRET: 'production-secret-production-secret-0123456789',
        MONGODB_URI: 'mongodb://db.example:27017/civickit',
        SMTP_URL: 'smtp://mail.example:587',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
      };
      const refused = (() => {
        try {
          loadConfig(production);
        } catch (err) {
          return err;
        }
      })();
      assert.ok(refused instanceof ConfigError, 'production refuses');
      const problems = refused.problems;
      for (const variable of ['LOGINGOVPL_SP_KEY_FILE', 'LOGINGOVPL_SP_CERT_FILE'])
        assert.equal(problems.filter((p) => p.startsWith(`${variable}:`)).length, 1, `${variable}: ${problems.join(' | ')}`);
    });
  }
});
