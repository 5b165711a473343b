import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const findPackage = (): { version: string } => {
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      return require(path) as { version: string };
    } catch {
      // compiled output lives one folder deeper (dist/src/bin)
    }
  }
  return { version: '0.0.0' };
};

export const VERSION = findPackage().version;
