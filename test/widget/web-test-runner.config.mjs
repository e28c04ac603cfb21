// Widget tests in Debian's Chromium against the REAL CivicKit server (no API mocks).
// Servers: the Siemianowice profile (main) and the Kraków profile (district, PESEL, SMS).
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { tsImport } from 'tsx/esm/api';

const support = await tsImport('../support/spawn-server.ts', import.meta.url);
const accounts = await tsImport('./server-commands.ts', import.meta.url);
const reportCommands = await tsImport('./report-commands.ts', import.meta.url);
const identityCommands = await tsImport('./identity-commands.ts', import.meta.url);

const port = await support.freePort();
const origin = `http://127.0.0.1:${port}`;
// Servers start on first use (the Kraków one only for the tests that need its profile).
const PROFILES = { main: 'examples/profiles/siemianowice.json', krakow: 'examples/profiles/krakow.json', reauth: 'examples/profiles/siemianowice.json' };
// issue 19: on the "reauth" server a sign-in stops counting as recent after 2 seconds, so a test can let it lapse
const LIMITS = { reauth: { recentAuthSeconds: 2 } };
const started = new Map();
// issue 13: CivicKit with OpenID Connect providers served by a real oidc-provider (started on first use)
let identity;
const identityServer = () => (identity ??= identityCommands.startIdentityTestServer({ appUrl: `${origin}/`, corsOrigins: [origin] }));
function server(name) {
  if (!(name in PROFILES)) throw new Error(`unknown test server ${name}`);
  if (!started.has(name)) {
    started.set(name, support.spawnWidgetTestServer({ appUrl: `${origin}/`, corsOrigins: [origin], profile: PROFILES[name], limits: LIMITS[name] }));
  }
  return started.get(name);
}

const CHROMIUM_ARGS = [
  // with two test pages at once, one is a background tab: keep its timers, animation frames and focus
  // handling running, or keyboard-driven tests (reflow, login) stall there
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Appends this run's counts to $CIVICKIT_COUNTS as one JSON line; .ci/run sums every suite's. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      if (!process.env.CIVICKIT_COUNTS) return;
      // "failures" names the failed tests, so the end of a CI log says which they were
      const counts = { suite: 'widget', passed: 0, failed: 0, skipped: 0, failures: [] };
      const firstLine = (error) =>
        String(error?.message ?? error ?? '')
          .split('\n')[0]
          .slice(0, 300);
      const walk = (suite, file, path) => {
        for (const t of suite?.tests ?? []) {
          counts[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed']++;
          if (!t.skipped && !t.passed) counts.failures.push(`${file}: ${[...path, t.name].join(' › ')}: ${firstLine(t.error)}`);
        }
        for (const s of suite?.suites ?? []) walk(s, file, [...path, s.name]);
      };
      for (const session of sessions) {
        walk(session.testResults, relative(process.cwd(), session.testFile), []);
        // a file that failed to load or threw outside a test counts as one failure
        if (!session.passed && !(session.testResults?.tests?.length || session.testResults?.suites?.length)) {
          counts.failed++;
          counts.failures.push(`${relative(process.cwd(), session.testFile)}: ${(session.errors ?? []).map(firstLine).join('; ') || 'did not run'}`);
        }
      }
      counts.failures = counts.failures.slice(0, 20);
      appendFileSync(process.env.CIVICKIT_COUNTS, `${JSON.stringify(counts)}\n`);
    },
  };
}

export default {
  files: ['test/widget/**/*.test.ts'],
  reporters: [defaultReporter(), countingReporter()],
  rootDir: '.',
  hostname: '127.0.0.1',
  port,
  nodeResolve: true,
  // one test page at a time: keyboard tests (Tab order, reflow) need the page to hold the browser's focus,
  // which a second, parallel page takes away
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000, ui: 'bdd' } },
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'widget/tsconfig.json', target: 'es2021' }),
    {
      name: 'civickit-real-servers',
      async serverStart() {
        await server('main');
      },
      async serverStop() {
        await Promise.all(
          [...started.values()].map((p) =>
            p.then(
              (s) => s.stop(),
              () => undefined,
            ),
          ),
        );
        await identity?.then(
          async (s) => (await s.server.stop(), await s.op.stop()),
          () => undefined,
        );
      },
      async executeCommand({ command, payload }) {
        if (!command.startsWith('civic-')) return undefined;
        if (command.startsWith('civic-identity-')) return identityCommands.runIdentityCommand(command, payload ?? {}, await identityServer());
        const p = payload ?? {};
        const name = String(p.server ?? 'main');
        if (command.startsWith('civic-reports-')) return reportCommands.runReportCommand(command, p, await server(name), PROFILES[name]);
        return accounts.runCommand(command, p, await server(name));
      },
    },
  ],
};
