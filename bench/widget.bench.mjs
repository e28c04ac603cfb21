// Widget benchmarks (issue 3): gzipped size of the classic script against a bare Lit element
// built the same way, and time to first render of civic-login against the same template in a
// bare LitElement, both measured in this run, in the same Chromium page. Prints figures and ratios.
// Needs `npm run build:widget` first (npm run bench does not rebuild). `--modules` also prints what each first-screen
// chunk holds, module by module (rebuilds the classic bundle in memory; each module minified alone, so the figures
// are for comparing modules, not for adding up).
import { createServer } from 'node:http';
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { chromium } from 'playwright-core';
import { browserPlugins } from '../widget/build/plugins.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/bench');
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (!existsSync(join(ROOT, 'dist/widget/integrity.json'))) {
  console.error('dist/widget missing: run `npm run build:widget` first');
  process.exit(1);
}

async function buildBaseline(name) {
  const bundle = await rollup({ input: join(ROOT, `bench/baseline/${name}.ts`), plugins: browserPlugins() });
  await bundle.write({ dir: OUT, format: 'es', entryFileNames: `${name}.js`, inlineDynamicImports: true });
  await bundle.close();
  return join(OUT, `${name}.js`);
}

// ---- size ------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const bare = gz(await buildBaseline('bare-element'));
await buildBaseline('bare-login');
const chunkDir = join(ROOT, 'dist/widget/chunks');
const all = readdirSync(chunkDir).map((f) => `chunks/${f}`);
/** `chunks/civic-login-AbC12x.js` → `civic-login` (rollup.config.mjs names chunks `[name]-[hash:6]`). */
const chunkName = (f) => f.replace(/^chunks\//, '').replace(/-[\w-]{6}\.js$/, '');
const sizeOf = (files) => files.reduce((n, f) => n + gz(join(ROOT, 'dist/widget', f)), 0);
const loader = gz(join(ROOT, 'dist/widget/civickit.js'));
const integrity = JSON.parse(readFileSync(join(ROOT, 'dist/widget/integrity.json'), 'utf8'));
/** The chunks a page with only `tag` loads before its first render: the element's chunk and everything it imports statically. */
function firstOf(tag) {
  const files = new Set(Object.keys(integrity.chunks).filter((f) => /chunks\/(civickit|core|lit)-/.test(f)));
  const queue = all.filter((f) => f.includes(`/${tag}-`));
  while (queue.length) {
    const f = queue.pop();
    if (files.has(f)) continue;
    files.add(f);
    const src = readFileSync(join(ROOT, 'dist/widget', f), 'utf8');
    for (const m of src.matchAll(/from"\.\/([^"]+\.js)"/g)) queue.push(`chunks/${m[1]}`);
  }
  return [...files];
}
const portalFirst = loader + sizeOf(firstOf('civic-portal'));
const loginFirst = loader + sizeOf(firstOf('civic-login'));
const everything = loader + sizeOf(all);
const everythingOneLang = loader + sizeOf(all.filter((f) => !/\/(en|de|uk)-/.test(f)));

console.log('widget size (gzip -9, each file separately, as served)');
console.log(`  bare Lit element (baseline, same build)  ${kb(bare)}`);
console.log(`  first screen: civic-portal page (pl)     ${kb(portalFirst)}   ratio ${(portalFirst / bare).toFixed(2)}x`);
console.log(`  first screen: civic-login page (pl)      ${kb(loginFirst)}   ratio ${(loginFirst / bare).toFixed(2)}x`);
console.log(`  every element, one language              ${kb(everythingOneLang)}   ratio ${(everythingOneLang / bare).toFixed(2)}x`);
console.log(`  everything (every element, pl+en+de+uk)  ${kb(everything)}   ratio ${(everything / bare).toFixed(2)}x`);
console.log(`  loader (civickit.js, on every first screen) ${kb(loader)}`);
// what each first screen is made of (issue 20: the cuts are measured here)
for (const tag of ['civic-login', 'civic-portal']) {
  const parts = firstOf(tag).map((f) => `${chunkName(f)} ${kb(gz(join(ROOT, 'dist/widget', f)))}`);
  console.log(`  ${tag} first screen: loader ${kb(loader)} + ${parts.join(' + ')}`);
}
if (process.argv.includes('--modules')) await printModules();
// issue 20: 20 KB for both first screens (the goal after that round: 16 KB)
console.log(`  target: <= 20 KB for the first screen -> ${portalFirst <= 20 * 1024 && loginFirst <= 20 * 1024 ? 'met' : 'NOT met'}`);

/** Per module of the first-screen chunks: rendered, minified alone and gzipped (rollup's output `modules`). */
async function printModules() {
  const { minify } = await import('terser');
  const config = (await import('../rollup.config.mjs')).default[0];
  const plugins = config.plugins.filter((p) => p && !['clean', 'civickit-classic-loader'].includes(p.name));
  const bundle = await rollup({ input: config.input, plugins, preserveEntrySignatures: config.preserveEntrySignatures, onwarn: () => {} });
  const { output } = await bundle.generate({ ...config.output, dir: join(OUT, 'modules') });
  await bundle.close();
  const first = new Set([...firstOf('civic-login'), ...firstOf('civic-portal')].map((f) => chunkName(f)));
  for (const c of output) {
    if (c.type !== 'chunk' || !first.has(chunkName(c.fileName))) continue;
    console.log(`  ${chunkName(c.fileName)} ${kb(gzipSync(c.code, { level: 9 }).length)}`);
    const rows = [];
    for (const [id, m] of Object.entries(c.modules)) {
      if (!m.code) continue;
      const min = (await minify(m.code, { module: true, compress: false, mangle: false }).catch(() => ({ code: m.code }))).code;
      rows.push([id.slice(id.indexOf('/node_modules/') + 1 || ROOT.length + 1), gzipSync(min, { level: 9 }).length]);
    }
    for (const [id, n] of rows.sort((a, b) => b[1] - a[1])) console.log(`      ${id.padEnd(64)} ${String(n).padStart(5)} B`);
  }
}

// ---- render ----------------------------------------------------------------------------------
const entry =
  integrity.chunks &&
  Object.keys(integrity.chunks).find((f) => /chunks\/civickit-/.test(f) && readFileSync(join(ROOT, 'dist/widget', f), 'utf8').includes('boot'));
writeFileSync(join(OUT, 'render.html'), `<!doctype html><html lang="pl"><body><div id="stage"></div></body></html>`);
const types = { '.js': 'text/javascript', '.html': 'text/html' };
const server = createServer((req, res) => {
  const file = join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!file.startsWith(ROOT) || !existsSync(file)) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const page = await browser.newPage();
await page.goto(`${base}/dist/bench/render.html`);
const result = await page.evaluate(`(async () => {
  const m = await import('${base}/dist/widget/${entry}');
  m.boot({ apiUrl: 'http://127.0.0.1:9' });
  await m.ELEMENTS['civic-login']();
  await import('${base}/dist/bench/bare-login.js');
  const stage = document.getElementById('stage');
  const N = 100, ROUNDS = 15;
  async function round(tag) {
    stage.replaceChildren();
    const t0 = performance.now();
    const els = [];
    for (let i = 0; i < N; i++) { const el = document.createElement(tag); stage.append(el); els.push(el); }
    await Promise.all(els.map((e) => e.updateComplete));
    if (!els.every((e) => e.shadowRoot.querySelector('input[type=password]'))) throw new Error(tag + ' did not render');
    return (performance.now() - t0) / N;
  }
  const civic = [], bare = [];
  for (let r = 0; r < 3; r++) { await round('civic-login'); await round('bare-login'); } // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2) { civic.push(await round('civic-login')); bare.push(await round('bare-login')); }
    else { bare.push(await round('bare-login')); civic.push(await round('civic-login')); }
  }
  const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
  return { civic: med(civic), bare: med(bare) };
})()`);
await browser.close();
server.close();
console.log('time to first render (median per element, 100 elements x 15 rounds, alternating)');
console.log(`  bare LitElement, same template (baseline) ${result.bare.toFixed(3)} ms`);
console.log(`  civic-login                               ${result.civic.toFixed(3)} ms   ratio ${(result.civic / result.bare).toFixed(2)}x (target <= 1.5x)`);
