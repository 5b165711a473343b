import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:ui` writes the dashboard, relative to the package root. */
export const DASHBOARD_BUILD_DIR = join('dist', 'dashboard');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

export interface DashboardAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The package root: the nearest folder above this file with a package.json (works from src/ and dist/src/). */
const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above the dashboard assets');
    dir = parent;
  }
  return dir;
};

/**
 * The built dashboard files. Only names listed in the build folder are served (a request never
 * becomes a path), read once and kept: the bundle is small and changes only with a rebuild.
 */
export class DashboardAssets {
  private readonly cache = new Map<string, DashboardAsset>();

  constructor(readonly directory: string = join(packageRoot(), DASHBOARD_BUILD_DIR)) {}

  /** The asset of that file name, or null when it is not part of the build (or nothing is built). */
  async read(name: string): Promise<DashboardAsset | null> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) return null;
    const built = await readdir(this.directory).catch(() => [] as string[]);
    if (!built.includes(name)) return null;
    const asset = { contentType, body: await readFile(join(this.directory, name)) };
    this.cache.set(name, asset);
    return asset;
  }
}
