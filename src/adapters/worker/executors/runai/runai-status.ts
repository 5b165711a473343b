import type { RemoteState } from '../remote/remote-state.js';

const SUCCEEDED = new Set(['succeeded', 'completed']);
const FAILED = new Set(['failed', 'error', 'timedout', 'deleted', 'terminated']);

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/** The status text of a `runai describe job <name> -o json` answer, wherever that CLI version puts it. */
const statusText = (described: unknown): string => {
  const top = record(described);
  for (const candidate of [top['status'], top['Status'], top['jobStatus'], record(top['status'])['phase'], record(top['status'])['status']]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return 'Unknown';
};

const exitCodeOf = (described: unknown): number | null => {
  const top = record(described);
  const code = top['exitCode'] ?? record(top['status'])['exitCode'];
  return typeof code === 'number' ? code : null;
};

/** Run:ai's job status as a state: Succeeded/Completed, Failed/Error/TimedOut…, else still active (Pending, Running…). */
export const runaiJobState = (name: string, described: unknown): RemoteState => {
  const status = statusText(described);
  const key = status.toLowerCase().replace(/[^a-z]/g, '');
  if (SUCCEEDED.has(key)) return { kind: 'succeeded' };
  if (FAILED.has(key)) return { kind: 'failed', reason: `Run:ai job ${name} ended ${status}`, exitCode: exitCodeOf(described) };
  return { kind: 'active', detail: status };
};
