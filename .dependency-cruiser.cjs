/**
 * The layering of Parley, checked by dependency-cruiser in `npm test` and `npm run lint:deps`.
 * Dependencies point one way: core ← io, runtime, storage, report ← cli, server; the web app
 * uses core, the report's browser-safe parts (chart specs and words) and the server's shapes.
 * No import cycles anywhere, type-only imports included.
 */
const layers = ['io', 'runtime', 'storage', 'report', 'cli', 'server'];
const above = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and concepts inseparable; move the shared part down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core runs in Node, workers and the browser: no Node modules, nothing from the layers above.',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$|^src/core/testing/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(layers)}|^web/|^bench/|^test/` },
    },
    {
      name: 'io-builds-on-core',
      severity: 'error',
      from: { path: '^src/io/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(['runtime', 'storage', 'report', 'cli', 'server'])}|^web/` },
    },
    {
      name: 'runtime-builds-on-core',
      severity: 'error',
      from: { path: '^src/runtime/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(['io', 'storage', 'report', 'cli', 'server'])}|^web/` },
    },
    {
      name: 'storage-builds-on-core',
      severity: 'error',
      from: { path: '^src/storage/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(['io', 'runtime', 'report', 'cli', 'server'])}|^web/` },
    },
    {
      name: 'report-builds-on-core',
      severity: 'error',
      from: { path: '^src/report/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(['io', 'runtime', 'storage', 'cli', 'server'])}|^web/` },
    },
    {
      name: 'server-never-uses-the-cli',
      severity: 'error',
      from: { path: '^src/server/', pathNot: '\\.test\\.ts$' },
      to: { path: `${above(['cli'])}|^web/` },
    },
    {
      name: 'nothing-imports-the-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/|^test/|^bench/|\\.test\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'library-uses-no-alias',
      severity: 'error',
      comment: "@parley/… is the web app's alias (web/tsconfig.json); Node knows nothing of it, so the library, its tests and benches import by relative path.",
      from: { pathNot: '^web/' },
      to: { dependencyTypes: ['aliased-webpack', 'aliased-tsconfig'] },
    },
    {
      name: 'web-uses-browser-safe-parts',
      severity: 'error',
      comment: 'The web app reaches the server through its shapes only, and of the report only what runs in a browser.',
      from: { path: '^web/src/' },
      to: {
        path: '^src/',
        pathNot: '^src/core/|^src/server/protocol\\.ts$|^src/report/charts(\\.ts$|/)|^src/report/[a-z-]+-words\\.ts$',
      },
    },
    {
      name: 'words-are-text-only',
      severity: 'error',
      comment: 'The report words the web app imports must run in a browser: core and the chart specs only.',
      from: { path: '^src/report/[a-z-]+-words\\.ts$' },
      to: { path: '^src/', pathNot: '^src/core/|^src/report/charts(\\.ts$|/)|^src/report/[a-z-]+-words\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // The web app's path alias (web/tsconfig.json, web/vite.config.ts): @parley/core/… is src/core/….
    webpackConfig: { fileName: 'web/resolve-alias.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
