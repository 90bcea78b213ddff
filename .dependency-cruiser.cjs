// Import boundaries and cycles (`npm run lint:deps`, part of `npm test`), checked by dependency-cruiser: rules on
// the resolved import graph, type-only imports included (they are part of the design even though they vanish at
// run time). dependency-cruiser 17.x, since 18 needs Node 22 and this package supports Node 20.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'library-imports-no-tooling',
      comment:
        'The published library (constructs/) never imports tooling, examples or tests: they depend on it, never the ' +
        'reverse (STYLE.md). Move what both need into constructs/ (private/ if it is not public API).',
      severity: 'error',
      from: { path: '^constructs/' },
      to: { path: ['^cli/', '^scripts/', '^bench/', '^e2e/', '^stacks/', '^examples/', '^test/', '^main[.]ts$'] },
    },
    {
      name: 'barrel-exports-no-private',
      comment:
        'constructs/private/ is never re-exported: an index.ts under constructs/ (the public entry point and the ' +
        'report and compose folders) may not name it. Export a public type from a public module instead.',
      severity: 'error',
      from: { path: ['^constructs/index[.]ts$', '^constructs/[^/]+/index[.]ts$'] },
      to: { path: '^constructs/private/' },
    },
    {
      name: 'library-imports-no-barrel',
      comment:
        "Modules of the library import each other by module path, not through constructs/index.ts (or a folder's " +
        'index.ts): a barrel import makes every module depend on every other one (and on the public surface).',
      severity: 'error',
      from: { path: '^constructs/', pathNot: ['^constructs/index[.]ts$', '^constructs/[^/]+/index[.]ts$'] },
      to: { path: ['^constructs/index[.]ts$', '^constructs/[^/]+/index[.]ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle among the modules of constructs/ (type-only imports count).',
      severity: 'error',
      from: { path: '^constructs/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^cdktf[.]out/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    // No tsConfig here: with it, the resolver reads the bare specifier 'constructs' (the npm package) as the
    // folder constructs/ (baseUrl fallback). Relative imports and node_modules resolve as Node and tsc do.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
  },
};
