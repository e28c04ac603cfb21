// Widget builds (issue 3). `npm run build:widget` writes dist/widget/:
//   civickit.js, civickit.<hash>.js   the classic one-script loader (+ fingerprinted copy for CDNs)
//   chunks/*.js                        content-hashed ES module chunks it loads from the same origin
//   integrity.json                     SRI hashes of the loader and every chunk
//   esm/                               ES modules for npm users (lit external), types in types/
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { browserPlugins, classicLoader } from './widget/build/plugins.mjs';
import esbuild from 'rollup-plugin-esbuild';

const COMPONENTS = [
  'civic-portal',
  'civic-login',
  'civic-register',
  'civic-password-reset',
  'civic-account',
  'civic-report-form',
  'civic-my-reports',
  'civic-report-tracker',
  'civic-announcements',
  'civic-staff-console',
  'civic-admin-console',
  'civic-phone-verification',
  'civic-passkeys',
  'civic-reports-map',
  'civic-alerts',
  'civic-stats',
];

const clean = {
  name: 'clean',
  buildStart() {
    rmSync('dist/widget', { recursive: true, force: true });
  },
};

const types = {
  name: 'types',
  writeBundle() {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'widget'], { stdio: 'inherit' });
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--quiet'], { stdio: 'inherit' });
  },
};

export default [
  {
    input: { civickit: 'widget/src/civickit.ts' },
    // the entry may export more than civickit.ts does: it is core's chunk itself, not a facade importing it (issue 20:
    // one request and one SRI hash less on every first screen)
    preserveEntrySignatures: 'allow-extension',
    plugins: [clean, ...browserPlugins(), classicLoader({ tags: COMPONENTS })],
    output: {
      dir: 'dist/widget',
      format: 'es',
      // 6 hash characters (36 bits, per chunk name) still tell versions apart for immutable caching; each name is on a
      // first screen up to three times, incompressibly (loader, entry, importer): issue 20, -0.1 KB
      entryFileNames: 'chunks/[name]-[hash:6].js',
      chunkFileNames: 'chunks/[name]-[hash:6].js',
      generatedCode: 'es2015',
      // Stable, readable chunk names: lit, civickit (the entry with core: session, i18n, Polish), form, then one per
      // element/language.
      manualChunks(id) {
        const p = id.replace(/\\/g, '/');
        // the directive base class only the map's own directive needs stays out of every first screen
        if (/node_modules\/(lit|lit-html)\/directive\.js$/.test(p)) return undefined;
        // lit is in core's chunk: both are on every first screen, and one file spares their imports and exports of each
        // other, a request and a preload hash (issue 20)
        if (/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(p)) return 'core';
        // (each element's Polish, i18n/pl/<element>.ts, has no rule: it goes with the one element importing it, and
        // the texts every form shows, i18n/pl/forms.ts, with form.ts into form; issue 20)
        // the forms' styles go with form too: every element but the portal loads form (issue 20)
        if (/widget\/src\/core\/(form|styles)\.ts$/.test(p)) return 'form';
        // helpers only some elements use stay with them (or in a chunk of their own), never in core:
        // the portal's address routing, the passkey and sign-in-provider helpers
        // and the account steps' bodies (only an email link or an external sign-in needs them), the sign-in hand-off
        // the question to a server on another origin and the "confirm it's you" dialog (issue 20)
        // the email links' routing table and choice, loaded only for a page opened from a link, and the forms' checks and
        // error summary, loaded with the first focus in a form (issue 20)
        if (/widget\/src\/core\/(url-route|passkeys|providers|account-steps|handoff|origin-probe|reauth-dialog|email-routes|form-check)\.ts$/.test(p))
          return undefined;
        // the bundle loader is shared by many elements: in core, so none of them pulls another's chunk (its own chunk
        // cost the portal more than it saved civic-login). The session-end texts' loader is on both first screens
        // (portal and login): in core too, not a chunk of its own (one request and one SRI hash less).
        if (/widget\/src\/(civickit\.ts$|core\/|i18n\/(pl|polish|bundle)\.ts|i18n\/session-end\/index\.ts)/.test(p)) return 'core';
        // the report elements' shared code and Polish texts (the map, components/civic-location-map, stays its own chunk)
        if (/widget\/src\/(reports\/|i18n\/reports\/pl\.ts)/.test(p)) return 'reports';
      },
    },
  },
  {
    input: {
      civickit: 'widget/src/civickit.ts',
      ...Object.fromEntries(COMPONENTS.map((c) => [`components/${c}/${c}`, `widget/src/components/${c}/${c}.ts`])),
    },
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@lit/'),
    plugins: [esbuild({ tsconfig: 'widget/tsconfig.json', target: 'es2021' }), types],
    output: { dir: 'dist/widget/esm', format: 'es', preserveModules: true, preserveModulesRoot: 'widget/src' },
  },
];
