import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface SwaggerUiAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * The files of the swagger-ui-dist package that the /docs page loads, with their types. Only
 * these names are served: a request names a key of this table, never a path, so nothing else of
 * the disk can be reached.
 */
const SERVED: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const packageDirectory = (): string => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** swagger-ui from the npm package, served by the server itself (no CDN: the page works offline); each file read once. */
export class SwaggerUiAssets {
  private readonly cache = new Map<string, Promise<SwaggerUiAsset>>();

  constructor(private readonly directory: string = packageDirectory()) {}

  read(name: string): Promise<SwaggerUiAsset> | null {
    if (!Object.hasOwn(SERVED, name)) return null;
    const cached = this.cache.get(name);
    if (cached) return cached;
    const asset = readFile(join(this.directory, name)).then((body) => ({ contentType: SERVED[name]!, body }));
    this.cache.set(name, asset);
    return asset;
  }
}
