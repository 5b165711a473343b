/**
 * The dependency rule: domain <- application <- adapters <- bin. Nothing points outward, and the
 * inner layers stay free of frameworks. Checked by test/architecture/dependency-rule.test.ts.
 */
const frameworks = (names) => `^(node_modules/)?(${names.join('|')})(/|$)|node_modules/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain knows no other layer and no framework',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(application|adapters|bin)/',
          frameworks(['koa', '@koa/[^/]+', '@mikro-orm/[^/]+', 'mikro-orm-pglite', 'inversify', '@inversifyjs/[^/]+', 'clipanion', 'typanion', 'io-ts', 'reflect-metadata']),
        ],
      },
    },
    {
      name: 'domain-does-no-io',
      comment: 'src/domain reads no clock, file, network or process: those come in as arguments',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'application-knows-no-adapter',
      comment: 'src/application sees ports only: no adapter, no composition root, no web/ORM/CLI framework',
      severity: 'error',
      from: { path: '^src/application/' },
      to: {
        path: ['^src/(adapters|bin)/', frameworks(['koa', '@koa/[^/]+', '@mikro-orm/[^/]+', 'mikro-orm-pglite', 'clipanion', 'typanion'])],
      },
    },
    {
      name: 'adapters-know-no-composition-root',
      comment: 'only src/bin wires the container',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/bin/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
