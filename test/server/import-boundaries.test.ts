// The allowed arrows of the house (.dependency-cruiser.cjs, run by `npm run lint:imports`) catch the wrong-way
// imports they name: each case below writes a tiny tree with one import and cruises it with the project's rules.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as IConfiguration;

/** Cruises a tree of { path: source } and answers the names of the rules it broke. */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const base = await mkdtemp(join(tmpdir(), 'civickit-arrows-'));
  try {
    for (const [path, source] of Object.entries(files)) {
      await mkdir(dirname(join(base, path)), { recursive: true });
      await writeFile(join(base, path), source);
    }
    const result = await cruise(
      ['server', 'widget'].filter((top) => Object.keys(files).some((p) => p.startsWith(`${top}/`))),
      {
        ruleSet: { forbidden: config.forbidden },
        validate: true,
        baseDir: base,
        tsPreCompilationDeps: true,
      },
    );
    const output = result.output as ICruiseResult;
    return [...new Set(output.summary.violations.map((v) => v.rule.name))].sort();
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

const exporting = 'export const x = 1;\n';
const importing = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('import boundaries (npm run lint:imports)', () => {
  it('lets a domain use another through its index.ts', async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/accounts/index.ts': exporting,
        'server/src/plugins/admin/service.ts': importing('../accounts/index.js'),
      }),
      [],
    );
  });

  it("refuses a domain reaching into another's model", async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/accounts/model.ts': exporting,
        'server/src/plugins/admin/service.ts': importing('../accounts/model.js'),
      }),
      ['domain-through-its-face'],
    );
  });

  it("refuses the app's wiring reaching past a domain's face", async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/reports/service.ts': exporting,
        'server/src/app.ts': importing('./plugins/reports/service.js'),
      }),
      ['wiring-through-faces'],
    );
  });

  it('refuses a model importing its service, and anything but the plugin importing routes', async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/reports/service.ts': exporting,
        'server/src/plugins/reports/model.ts': importing('./service.js'),
      }),
      ['routes-service-model'],
    );
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/reports/routes.ts': exporting,
        'server/src/plugins/reports/service.ts': importing('./routes.js'),
      }),
      ['only-the-plugin-registers-routes'],
    );
  });

  it('refuses lib/ importing a domain, and a cycle', async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/accounts/index.ts': exporting,
        'server/src/lib/helper.ts': importing('../plugins/accounts/index.js'),
      }),
      ['foundations-know-no-domain'],
    );
    assert.deepEqual(
      await brokenRules({
        'server/src/lib/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
        'server/src/lib/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
      }),
      ['no-circular'],
    );
  });

  it('refuses an element importing another element, and core importing an element', async () => {
    assert.deepEqual(
      await brokenRules({
        'widget/src/components/civic-login/civic-login.ts': exporting,
        'widget/src/components/civic-portal/civic-portal.ts': importing('../civic-login/civic-login.js'),
      }),
      ['components-never-each-other'],
    );
    assert.deepEqual(
      await brokenRules({
        'widget/src/components/civic-login/civic-login.ts': exporting,
        'widget/src/core/session.ts': importing('../components/civic-login/civic-login.js'),
      }),
      ['core-never-components'],
    );
  });

  it('refuses a shared widget folder importing an element', async () => {
    assert.deepEqual(
      await brokenRules({
        'widget/src/components/civic-login/civic-login.ts': exporting,
        'widget/src/reports/report-view.ts': importing('../components/civic-login/civic-login.js'),
      }),
      ['shared-folders-below-elements'],
    );
  });

  it('keeps the widget off the server code', async () => {
    assert.deepEqual(
      await brokenRules({
        'server/src/plugins/reports/model.ts': exporting,
        'widget/src/core/api.ts': importing('../../../server/src/plugins/reports/model.js'),
      }),
      ['widget-and-server-apart'],
    );
  });
});
