// Rollup plugins shared by rollup.config.mjs and bench/ (the baseline is built the same way).
import { createHash } from 'node:crypto';
import { minify } from 'terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';

/**
 * Lit records its versions in globals (litHtmlVersions, litElementVersions,
 * reactiveElementVersions, litPropertyMetadata) and polyfills Symbol.metadata. The widget must add
 * no globals to a city's page, so the classic build removes them. Every pattern must match: a Lit
 * upgrade that changes them fails the build instead of silently leaking globals again.
 */
export function stripLitGlobals() {
  const rules = [
    { file: /lit-html\/lit-html\.js$/, re: /\(\s*\w+\.litHtmlVersions\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/, to: 'void 0' },
    { file: /lit-element\/lit-element\.js$/, re: /\(\s*\w+\.litElementVersions\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/, to: 'void 0' },
    { file: /reactive-element\/reactive-element\.js$/, re: /\(\s*\w+\.reactiveElementVersions\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/, to: 'void 0' },
    {
      // Only the standard-decorators path reads the metadata map; keep a module-local one.
      file: /reactive-element\/reactive-element\.js$/,
      re: /Symbol\.metadata\s*\?\?=\s*Symbol\("metadata"\),\s*\w+\.litPropertyMetadata\s*\?\?=\s*new WeakMap;/,
      to: '',
      append: '\nvar litPropertyMetadata=new WeakMap;',
    },
  ];
  return {
    name: 'civickit-strip-lit-globals',
    transform(code, id) {
      const mine = rules.filter((r) => r.file.test(id.replace(/\\/g, '/')) && !id.includes('/development/'));
      if (!mine.length) return null;
      let out = code;
      for (const r of mine) {
        if (!r.re.test(out)) this.error(`stripLitGlobals: pattern ${r.re} not found in ${id}; update widget/build/plugins.mjs`);
        out = out.replace(r.re, r.to) + (r.append ?? '');
      }
      return { code: out, map: null };
    },
  };
}

/** Collapses whitespace in our css`` literals (Lit keeps them verbatim; terser cannot touch them). */
export function minifyCssLiterals() {
  return {
    name: 'civickit-minify-css',
    transform(code, id) {
      if (!/\/(widget|bench)\/.*\.ts$/.test(id.replace(/\\/g, '/')) || !code.includes('css`')) return null;
      const out = code.replace(
        /css`([^`$]*)`/g,
        (_m, body) =>
          'css`' +
          body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,>])\s*/g, '$1')
            .replace(/:\s+/g, ':')
            .replace(/;}/g, '}')
            .trim() +
          '`',
      );
      return { code: out, map: null };
    },
  };
}

/** Resolve, compile TypeScript (legacy decorators per widget/tsconfig.json), strip globals, minify. */
export function browserPlugins({ minified = true, strip = true } = {}) {
  return [
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    minifyCssLiterals(),
    esbuild({ tsconfig: 'widget/tsconfig.json', target: 'es2021', minify: false, sourceMap: false }),
    strip && stripLitGlobals(),
    minified && terser({ ecma: 2021, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ].filter(Boolean);
}

export const sri = (source) => 'sha384-' + createHash('sha384').update(source).digest('base64');

/**
 * Emits the classic `civickit.js`: a small non-module script that reads its own `<script data-*>`
 * attributes, preloads (with SRI) the chunks the page needs first, then imports the entry chunk
 * from the same origin and calls `boot()`. Also emits a fingerprinted copy for CDNs and
 * `integrity.json`.
 */
export function classicLoader({ tags }) {
  return {
    name: 'civickit-classic-loader',
    async generateBundle(_opts, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entry = chunks.find((c) => c.isEntry);
      const integrity = Object.fromEntries(chunks.map((c) => [c.fileName, sri(c.code)]));
      const byModule = (path) => chunks.find((c) => c.facadeModuleId?.replace(/\\/g, '/').endsWith(path));
      const closure = (chunk, seen = new Set()) => {
        if (!chunk || seen.has(chunk.fileName)) return seen;
        seen.add(chunk.fileName);
        for (const imp of chunk.imports) closure(bundle[imp], seen);
        return seen;
      };
      const first = [...closure(entry)];
      // per element only what the entry's closure does not already preload (issue 20: the loader is on every first screen)
      const perTag = {};
      for (const tag of tags) {
        const c = byModule(`/components/${tag}/${tag}.ts`);
        if (c) perTag[tag] = [...closure(c)].filter((f) => !first.includes(f));
      }
      // the loader's own preload hashes are SHA-256 (44 characters against SHA-384's 64: -0.4 KB on every first screen,
      // issue 20); integrity.json keeps SHA-384 for CDNs and pinning
      const sri256 = (f) => createHash('sha256').update(bundle[f].code).digest('base64');
      // SRI for the chunks the loader preloads; chunks loaded later (other views, languages) are named by their
      // content hash and listed in integrity.json, but carrying all their hashes cost every first screen ~1.5 KB
      const preloaded = [...new Set([...first, ...Object.values(perTag).flat()])];
      // issue 20: compact, as the loader is on every first screen: each chunk named once (without chunks/ and .js) with
      // its SRI hash (SHA-256, without sha256-), the entry, the first chunks and each tag's (without civic-) by index
      const name = (f) => {
        if (!/^chunks\/[^/]+\.js$/.test(f)) this.error(`classicLoader: unexpected chunk name ${f}`);
        return f.slice(7, -3);
      };
      const at = (f) => preloaded.indexOf(f);
      for (const tag of tags) if (!tag.startsWith('civic-')) this.error(`classicLoader: tag ${tag} is not civic-*`);
      const manifest = {
        f: preloaded.map(name),
        s: preloaded.map(sri256),
        e: at(entry.fileName),
        i: first.map(at),
        t: Object.fromEntries(Object.entries(perTag).map(([tag, files]) => [tag.slice(6), files.map(at)])),
      };
      const source = `(()=>{
const s=document.currentScript;if(!s||!s.src)return;
const m=${JSON.stringify(manifest)},b=new URL("chunks/",s.src),d=s.dataset,u=i=>new URL(m.f[i]+".js",b).href;
const p=i=>{const h=u(i);if(document.querySelector('link[rel=modulepreload][href="'+h+'"]'))return;
const l=document.createElement("link");l.rel="modulepreload";l.href=h;l.integrity="sha256-"+m.s[i];l.crossOrigin="anonymous";document.head.appendChild(l)};
m.i.forEach(p);
for(const t in m.t)if(document.getElementsByTagName("civic-"+t).length)m.t[t].forEach(p);
import(u(m.e)).then(e=>e.boot({apiUrl:d.apiUrl||new URL(s.src).origin,storage:d.session,routing:d.routing}),e=>console.error("CivicKit: could not load",e));
})();`;
      const { code } = await minify(source, { ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 10);
      this.emitFile({ type: 'asset', fileName: 'civickit.js', source: code });
      this.emitFile({ type: 'asset', fileName: `civickit.${hash}.js`, source: code });
      this.emitFile({
        type: 'asset',
        fileName: 'integrity.json',
        source: JSON.stringify({ 'civickit.js': sri(code), versioned: `civickit.${hash}.js`, chunks: integrity }, null, 2) + '\n',
      });
    },
  };
}
