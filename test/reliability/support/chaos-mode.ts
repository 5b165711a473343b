import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';

/** `npm run chaos` sets WHATSNEXT_CHAOS=full: the long runs whose figures docs/RELIABILITY.md records. */
export const FULL_CHAOS = process.env['WHATSNEXT_CHAOS'] === 'full';

/** The full size in a chaos run, the reduced one in `npm test`. */
export const sized = <A>(full: A, reduced: A): A => (FULL_CHAOS ? full : reduced);

const dirs: string[] = [];
test.after.always('remove the scratch directories of this file', async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5 })));
});

/** A temp directory removed when the file ends. */
export const scratchDir = async (prefix: string): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds since `start` (performance.now()), one decimal. */
export const secondsSince = (start: number): number => Math.round((performance.now() - start) / 100) / 10;
