/**
 * The web app's one path alias, for tools that read a webpack-style `resolve` (dependency-cruiser,
 * `.dependency-cruiser.cjs`): `@parley/core/…` is `src/core/…`, as web/tsconfig.json's `paths` and
 * web/vite.config.ts's `resolve.alias` say.
 */
const { join } = require('node:path');

module.exports = { resolve: { alias: { '@parley': join(__dirname, '..', 'src') } } };
