import { renderTable } from './table.js';
import type { Colors } from './terminal.js';

/** Above this many jobs, people get a summary line instead of a row per job (`--json` has every id). */
export const MAX_ROWS = 100;

/** What add-batch and sweep print for people: each new job's id and name, or a summary. */
export const renderCreated = (colors: Colors, jobs: readonly { readonly id: number; readonly name: string }[], verb = 'Created'): string => {
  if (jobs.length === 0) return `${verb} no jobs.\n`;
  const summary = `${verb} ${jobs.length} job${jobs.length === 1 ? '' : 's'}`;
  if (jobs.length > MAX_ROWS) {
    const ids = jobs.map((job) => job.id);
    return `${summary}: ids ${Math.min(...ids)} to ${Math.max(...ids)} (--json lists each one).\n`;
  }
  return `${summary}:\n${renderTable(colors, ['ID', 'NAME'], jobs.map((job) => [job.id, job.name]))}`;
};
