// The allowed arrows of the house (docs/architecture.md draws them). `npm run lint` fails on any other.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one; break it by moving the shared piece down (lib/, app.ts).',
      from: { path: '^(server|widget)/src' },
      // a type-only import back (a lazily loaded module naming its loader's types) is no cycle at run time
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-through-its-face',
      severity: 'error',
      comment: "A domain reaches another only through that domain's index.ts (its service interface and data types), never its models, routes or helpers.",
      from: { path: '^server/src/plugins/([^/]+)/' },
      to: { path: '^server/src/plugins/([^/]+)/', pathNot: ['^server/src/plugins/$1/', '^server/src/plugins/[^/]+/index[.]ts$'] },
    },
    {
      name: 'wiring-through-faces',
      severity: 'error',
      comment: 'The app (app.ts, server.ts, cli/) wires each domain through its index.ts, like any other caller.',
      from: { path: '^server/src/(app[.]ts|server[.]ts|index[.]ts|cli/)' },
      to: { path: '^server/src/plugins/[^/]+/', pathNot: '^server/src/plugins/[^/]+/index[.]ts$' },
    },
    {
      name: 'routes-service-model',
      severity: 'error',
      comment: 'Inside a domain the arrows run routes -> service -> model: a model knows no service, a service no route.',
      from: { path: '^server/src/plugins/[^/]+/(model|schemas)[.]ts$' },
      to: { path: '^server/src/plugins/[^/]+/(service|routes)[.]ts$' },
    },
    {
      name: 'only-the-plugin-registers-routes',
      severity: 'error',
      comment: "A domain's route table is registered by its own index.ts; nothing else imports routes.",
      from: { path: '^server/src/', pathNot: '^server/src/plugins/[^/]+/index[.]ts$' },
      to: { path: '^server/src/plugins/[^/]+/routes[.]ts$' },
    },
    {
      name: 'foundations-know-no-domain',
      severity: 'error',
      comment: 'lib/, db/, mail/, outbox/, sms/, profile/ and config.ts sit under the domains: they never import one, nor the app that wires them.',
      from: { path: '^server/src/(lib|db|mail|outbox|sms|profile)/|^server/src/config[.]ts$' },
      to: { path: '^server/src/(plugins/|app[.]ts$|server[.]ts$|index[.]ts$|cli/)' },
    },
    {
      name: 'components-never-each-other',
      severity: 'error',
      comment: 'An element composes others by tag name in its template, never by importing their module (the registry defines them).',
      from: { path: '^widget/src/components/([^/]+)/' },
      to: { path: '^widget/src/components/([^/]+)/', pathNot: '^widget/src/components/$1/' },
    },
    {
      name: 'core-never-components',
      severity: 'error',
      comment: 'core/ is what every element stands on; it never imports an element or a feature folder.',
      from: { path: '^widget/src/core/' },
      to: { path: '^widget/src/(components|reports|passkeys)/' },
    },
    {
      name: 'shared-folders-below-elements',
      severity: 'error',
      comment:
        "reports/, passkeys/ and i18n/ are shared, element-free layers between core and the elements: they never import an element's code (loading its chunk with import() to define it is allowed).",
      from: { path: '^widget/src/(reports|passkeys|i18n)/' },
      to: { path: '^widget/src/components/', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'widget-and-server-apart',
      severity: 'error',
      comment: 'The widget learns the server only through the generated API types (core/api-types.ts), never its code.',
      from: { path: '^widget/src/' },
      to: { path: '^server/' },
    },
    {
      name: 'server-and-widget-apart',
      severity: 'error',
      from: { path: '^server/src/' },
      to: { path: '^widget/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
    reporterOptions: {
      mermaid: { minify: false },
    },
  },
};
