import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the dashboard into dist/dashboard (the folder the server serves at /ui): one script for the
 * page, one for the DAG layout worker, the page and its style sheet. No CDN: it works offline.
 */
const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Not dist/ui: `tsc` emits ui/build.ts there, which must never be served.
export const UI_OUTPUT_DIR = join(root, 'dist', 'dashboard');

/** Each file is written aside then renamed: a server reading during a (concurrent) build never sees half a file. */
const writeAtomically = async (path: string, contents: Uint8Array | string): Promise<void> => {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(aside, contents);
  await rename(aside, path);
};

export const buildDashboard = async (outdir = UI_OUTPUT_DIR): Promise<void> => {
  await mkdir(outdir, { recursive: true });
  const bundled = await build({
    entryPoints: { app: join(root, 'ui/src/main.ts'), 'dag-layout': join(root, 'ui/src/dag/layout.worker.ts') },
    outdir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    write: false,
    logLevel: 'warning',
  });
  for (const file of bundled.outputFiles) await writeAtomically(join(outdir, basename(file.path)), file.contents);
  for (const file of ['index.html', 'style.css']) await writeAtomically(join(outdir, file), await readFile(join(root, 'ui/static', file)));
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDashboard();
