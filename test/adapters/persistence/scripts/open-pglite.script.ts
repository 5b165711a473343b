/**
 * Opens the PGlite store on the directory given as argv[2] and prints `opened <pid>`, or prints
 * the error and exits 1. With `hold`, keeps it open until stdin closes.
 */
import { openMikroOrmStore } from '../../../../src/adapters/persistence/mikro-orm/open-mikro-orm-store.js';

const [dataDir, mode] = process.argv.slice(2);
try {
  const store = await openMikroOrmStore({ kind: 'pglite', dataDir: dataDir! });
  process.stdout.write(`opened ${process.pid}\n`);
  if (mode === 'hold') {
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.once('end', resolve));
  }
  await store.close();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
