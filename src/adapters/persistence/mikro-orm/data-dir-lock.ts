import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** PGlite serves one process: a second one opening the same directory would corrupt it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly lockPath: string,
  ) {
    super(
      `The PGlite data directory ${dataDir} is in use by process ${holderPid} (lock file ${lockPath}). ` +
        `Stop that process, or use another data directory or a PostgreSQL server (DATABASE_URL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

export const LOCK_FILE_NAME = 'whatsnext.lock';

const errorCode = (error: unknown): unknown => (error as { code?: unknown }).code;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
};

const readHolder = (path: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
};

/**
 * Writes the pid to a file of our own, then hard-links it to the lock path: link() fails when the
 * path exists (like O_CREAT | O_EXCL), so exactly one process wins, and the lock is never seen empty.
 */
const createExclusively = (path: string): boolean => {
  const own = `${path}.${process.pid}`;
  const fd = openSync(own, 'w');
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(own, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(own);
  }
};

/**
 * Moves a stale lock aside and deletes it. The rename is atomic, so of two processes taking over
 * the same stale lock only one removes it; if what was moved turns out to be a live lock (another
 * process took over first), it is put back.
 */
const removeStale = (path: string, stalePid: number | null): void => {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved !== stalePid && moved !== null && isAlive(moved)) {
    try {
      linkSync(aside, path);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
  unlinkSync(aside);
};

/** Takes `<dataDir>/whatsnext.lock` for this process, or throws DataDirLockedError at once. */
export const acquireDataDirLock = (dataDir: string): DataDirLock => {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusively(path)) {
      return {
        path,
        release: () => {
          if (readHolder(path) !== process.pid) return;
          try {
            unlinkSync(path);
          } catch (error) {
            if (errorCode(error) !== 'ENOENT') throw error;
          }
        },
      };
    }
    const holder = readHolder(path);
    if (holder !== null && isAlive(holder)) throw new DataDirLockedError(dataDir, holder, path);
    removeStale(path, holder);
  }
  const holder = readHolder(path);
  throw new DataDirLockedError(dataDir, holder ?? -1, path);
};
