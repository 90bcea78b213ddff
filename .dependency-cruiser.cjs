// Import boundaries and cycles (`npm run lint:deps`, part of `npm test`), checked by dependency-cruiser: rules on
// the resolved import graph, type-only imports included (they are part of the design even though they vanish at
// run time). dependency-cruiser 17.x, since 18 needs Node 22 and this package supports Node 20.
//
// TEMPORARY (issue 18): the import circle of container.ts, docker-host.ts, network.ts, mount.ts, volume.ts,
// dependency.ts, container-process.ts, private/host-registry.ts, private/ipam.ts and private/ownership.ts existed
// before these rules; it is being removed in parallel (branch container-split). Each pair below is one import
// `[from, to]` on that circle today (type-only imports close it); only these are excused, so any new
// circle fails. After merging the branch that removes the circle, empty this list (and keep it empty).
const KNOWN_CIRCLE_IMPORTS = [
  ['constructs/container-process.ts', 'constructs/mount.ts'],
  ['constructs/container.ts', 'constructs/container-process.ts'],
  ['constructs/container.ts', 'constructs/dependency.ts'],
  ['constructs/container.ts', 'constructs/docker-host.ts'],
  ['constructs/container.ts', 'constructs/network.ts'],
  ['constructs/container.ts', 'constructs/private/ipam.ts'],
  ['constructs/container.ts', 'constructs/private/ownership.ts'],
  ['constructs/dependency.ts', 'constructs/container.ts'],
  ['constructs/docker-host.ts', 'constructs/private/host-registry.ts'],
  ['constructs/mount.ts', 'constructs/private/sensitive-paths.ts'],
  ['constructs/mount.ts', 'constructs/volume.ts'],
  ['constructs/network.ts', 'constructs/docker-host.ts'],
  ['constructs/private/host-registry.ts', 'constructs/container.ts'],
  ['constructs/private/host-registry.ts', 'constructs/docker-host.ts'],
  ['constructs/private/ipam.ts', 'constructs/network.ts'],
  ['constructs/private/ownership.ts', 'constructs/docker-host.ts'],
  ['constructs/private/sensitive-paths.ts', 'constructs/volume.ts'],
  ['constructs/volume.ts', 'constructs/docker-host.ts'],
  ['constructs/volume.ts', 'constructs/private/ipam.ts'],
  ['constructs/volume.ts', 'constructs/private/ownership.ts'],
  ['constructs/volume.ts', 'constructs/private/sensitive-paths.ts'],
];

const exact = (file) => `^${file.replace(/[.]/g, '[.]')}$`;
const circleFrom = [...new Set(KNOWN_CIRCLE_IMPORTS.map(([from]) => from))];

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
      from: { path: '^constructs/', pathNot: circleFrom.map(exact) },
      to: { circular: true },
    },
    // The same rule for the modules that start one of the known pairs: every other import of theirs is checked.
    ...circleFrom.map((from) => ({
      name: 'no-circular',
      comment: 'No import cycle among the modules of constructs/ (type-only imports count).',
      severity: 'error',
      from: { path: exact(from) },
      to: { circular: true, pathNot: KNOWN_CIRCLE_IMPORTS.filter(([f]) => f === from).map(([, to]) => exact(to)) },
    })),
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
