/**
 * Module boundaries of docs/ARCHITECTURE.md, enforced by `npm run check`.
 * A module is imported only through its index.ts; platform knows no module;
 * the module graph follows the allowed direction below and has no cycles.
 */
const src = '^server/src/';

// Which other modules each module may import (through their index.ts). Anything absent may import none.
const allowedModuleDeps = {
  credit: [],
  tariff: [],
  risk: ['credit', 'tariff'],
  clearance: ['risk', 'credit', 'tariff'],
  ecommerce: ['risk', 'credit', 'tariff'],
  logistics: ['risk', 'credit', 'tariff'],
  bonded: ['risk', 'credit', 'tariff'],
  interagency: ['credit', 'tariff'],
  portal: [],
  statistics: ['credit', 'tariff', 'risk', 'clearance', 'ecommerce', 'logistics', 'bonded'],
  command: ['credit', 'tariff', 'risk', 'clearance', 'ecommerce', 'logistics', 'bonded', 'statistics'],
  integrity: ['credit', 'tariff', 'risk', 'clearance', 'ecommerce', 'logistics', 'bonded'],
  enforcement: ['credit', 'tariff', 'risk', 'clearance', 'ecommerce', 'logistics', 'bonded', 'statistics'],
};

const directionRules = Object.entries(allowedModuleDeps).map(([module, allowed]) => ({
  name: `module-direction-${module}`,
  comment: `${module} may import only ${allowed.length ? allowed.join(', ') : 'no other module'} (ARCHITECTURE.md, rule 1)`,
  severity: 'error',
  from: { path: `${src}modules/${module}/` },
  to: {
    path: `${src}modules/`,
    pathNot: [`${src}modules/${module}/`, ...allowed.map((m) => `${src}modules/${m}/`)],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'The module graph is acyclic.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      comment: 'platform/ never imports reference/ or modules/ (ARCHITECTURE.md, rule 4).',
      from: { path: `${src}platform/` },
      to: { path: [`${src}modules/`, `${src}reference/`] },
    },
    {
      name: 'composition-root-is-on-top',
      severity: 'error',
      comment:
        'Only the CLI imports main.ts; nothing imports the CLI (rule 5: wire by hand in main.ts). Tests may use the demo seed.',
      from: { path: [`${src}platform/`, `${src}reference/`, `${src}modules/`], pathNot: '\\.test\\.ts$' },
      to: { path: [`${src}main\\.ts$`, `${src}cli/`] },
    },
    {
      name: 'reference-knows-no-module',
      severity: 'error',
      from: { path: `${src}reference/` },
      to: { path: `${src}modules/` },
    },
    {
      name: 'module-front-door-from-outside',
      severity: 'error',
      comment: 'Code outside modules/x/ imports only modules/x/index.ts.',
      from: { pathNot: `${src}modules/` },
      to: { path: `${src}modules/[^/]+/.+`, pathNot: `${src}modules/[^/]+/index\\.ts$` },
    },
    {
      name: 'module-front-door-between-modules',
      severity: 'error',
      comment: 'A module imports another module only through its index.ts.',
      from: { path: `${src}modules/([^/]+)/` },
      to: {
        path: `${src}modules/[^/]+/.+`,
        pathNot: [`${src}modules/$1/`, `${src}modules/[^/]+/index\\.ts$`],
      },
    },
    ...directionRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
