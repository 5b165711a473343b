import test from 'ava';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

const cruiseSources = async (): Promise<ICruiseResult> => {
  const result = await cruise(
    ['src'],
    { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as Parameters<typeof cruise>[1],
    undefined,
    { tsConfig: extractTSConfig('tsconfig.json') },
  );
  if (typeof result.output === 'string') throw new Error('expected a structured cruise result');
  return result.output;
};

test('every layer keeps the dependency rule (domain <- application <- adapters <- bin)', async (t) => {
  const result = await cruiseSources();
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  t.deepEqual(violations, []);
});

test('the cruise really parses the TypeScript sources and resolves their imports', async (t) => {
  const result = await cruiseSources();
  const sources = result.modules.filter((m) => m.source.startsWith('src/'));
  t.true(sources.length > 40, `only ${sources.length} modules cruised`);
  const domain = sources.find((m) => m.source === 'src/domain/job-transitions.ts');
  t.truthy(domain, 'src/domain/job-transitions.ts not cruised');
  t.true(domain!.dependencies.some((d) => d.resolved === 'src/domain/errors.ts'), 'relative .js imports not resolved to .ts files');
  t.deepEqual(
    sources.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`)),
    [],
  );
});

test('the rules catch an outward import and a framework in the domain (a passing check means something)', async (t) => {
  const tree = await mkdtemp(join(tmpdir(), 'wn-arch-'));
  try {
    await mkdir(join(tree, 'src/domain'), { recursive: true });
    await mkdir(join(tree, 'src/application'), { recursive: true });
    await writeFile(join(tree, 'src/application/use-case.ts'), 'export const useCase = 1;\n');
    await writeFile(
      join(tree, 'src/domain/leaky.ts'),
      "import { useCase } from '../application/use-case.js';\nimport { injectable } from 'inversify';\nimport { readFileSync } from 'node:fs';\nexport const leak = [useCase, injectable, readFileSync];\n",
    );
    const result = await cruise(
      ['src'],
      { ...config.options, baseDir: tree, validate: true, ruleSet: { forbidden: config.forbidden } } as Parameters<typeof cruise>[1],
      undefined,
      { tsConfig: extractTSConfig('tsconfig.json') },
    );
    if (typeof result.output === 'string') throw new Error('expected a structured cruise result');
    const broken = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.to}`).sort();
    t.deepEqual(broken, ['domain-does-no-io: fs', 'domain-is-pure: inversify', 'domain-is-pure: src/application/use-case.ts']);
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
});
