import { open } from 'node:fs/promises';

/** How much of a failed job's log is reported with its failure. */
export const TAIL_LINES = 40;
const TAIL_BYTES = 64 * 1024;

/** The last lines of a log file (null when it is missing or empty): enough to see why a job failed. */
export const readLogTail = async (path: string, lines = TAIL_LINES): Promise<string | null> => {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\n$/, '');
    if (text === '') return null;
    return text.split('\n').slice(-lines).join('\n');
  } finally {
    await file.close();
  }
};
