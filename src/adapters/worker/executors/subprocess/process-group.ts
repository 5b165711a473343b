import { readdir, readFile } from 'node:fs/promises';

/**
 * Whether a live process is left in a process group. On Linux it reads /proc and ignores
 * zombies, which a container's init may never reap; elsewhere any member counts.
 */
export const groupAlive = async (group: number): Promise<boolean> => {
  if (process.platform !== 'linux') return signalGroup(group, 0);
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return signalGroup(group, 0);
  }
  const states = await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (pid) => {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
        // After the command name: state, ppid, pgrp, …
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(pgrp) === group && state !== 'Z' && state !== 'X';
      }),
  );
  return states.includes(true);
};

/** Sends a signal to every process of a group; false when there is none left. */
export const signalGroup = (group: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-group, signal);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops what is left of a group: SIGTERM, then SIGKILL once the grace period is over. */
export const terminateGroup = async (group: number, graceMs: number): Promise<void> => {
  if (!(await groupAlive(group))) return;
  signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!(await groupAlive(group))) return;
  }
  signalGroup(group, 'SIGKILL');
};
