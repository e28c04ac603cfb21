// Custom-elements manifest from the components' JSDoc (@summary, @event, @csspart, @cssproperty, @slot).
// Written to dist/widget/custom-elements.json by `npm run build:widget`.
export default {
  globs: ['widget/src/components/**/*.ts', 'widget/src/core/civic-element.ts'],
  exclude: ['**/*.styles.ts', 'widget/src/components/civic-portal/views.ts'],
  outdir: 'dist/widget',
  litelement: true,
  dependencies: false,
  packagejson: false,
};
