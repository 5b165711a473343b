import type { RemoteState } from '../remote/remote-state.js';

interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/**
 * A `kubectl get job <name> -o json` answer as a state: the Complete and Failed conditions decide
 * (with their reason, e.g. DeadlineExceeded or BackoffLimitExceeded); otherwise it is active.
 */
export const kubernetesJobState = (name: string, job: unknown): RemoteState => {
  const status = record(record(job)['status']);
  const conditions = (Array.isArray(status['conditions']) ? status['conditions'] : []) as Condition[];
  const holds = (type: string) => conditions.find((c) => c.type === type && c.status === 'True');
  if (holds('Complete') ?? holds('SuccessCriteriaMet')) return { kind: 'succeeded' };
  const failure = holds('Failed') ?? holds('FailureTarget');
  if (failure) {
    const why = [failure.reason, failure.message].filter(Boolean).join(': ');
    return { kind: 'failed', reason: `Kubernetes job ${name} failed${why ? ` (${why})` : ''}`, exitCode: null };
  }
  const active = Number(status['active'] ?? 0);
  return { kind: 'active', detail: active > 0 ? 'Running' : 'Pending' };
};

/** The exit code of a finished pod's container, from `kubectl get pods -l job-name=<name> -o json`. */
export const podExitCode = (pods: unknown): number | null => {
  const items = record(pods)['items'];
  for (const pod of Array.isArray(items) ? items : []) {
    const statuses = record(record(pod)['status'])['containerStatuses'];
    for (const container of Array.isArray(statuses) ? statuses : []) {
      const code = record(record(record(container)['state'])['terminated'])['exitCode'];
      if (typeof code === 'number') return code;
    }
  }
  return null;
};
