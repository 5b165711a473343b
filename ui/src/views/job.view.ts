import { get, request } from '../api.js';
import { errorBox, h, jobLink, statusBadge, timestamp } from '../dom.js';
import { CANCELLABLE, RETRYABLE, cancelJob, retryJob } from '../job-actions.js';
import { listAll } from '../listing.js';
import { liveRefresh } from '../live-refresh.js';
import { pendingReason, requirementsText, type Reason } from '../pending-reason.js';
import { rawMember } from '../raw-json.js';
import type { DependencyReport, Job, JobHistory, Task, Worker } from '../wire.js';
import { historyTable } from './job-history-table.js';
import type { View } from './view.js';

const row = (label: string, ...value: (Node | string | number | null)[]) => h('tr', {}, h('th', {}, label), h('td', {}, ...value));

const reasonText = (reason: Reason, task: Task): (Node | string)[] => {
  switch (reason.kind) {
    case 'waiting-for-dependencies':
      return ['Waiting for dependencies ', ...reason.jobIds.flatMap((id, i) => [i > 0 ? ', ' : '', jobLink(id, String(id))]), '.'];
    case 'blocked':
      return reason.byJobId === null ? ['Blocked by a failed or cancelled dependency.'] : ['Blocked by job ', jobLink(reason.byJobId, String(reason.byJobId)), ' (retry it to unblock this one).'];
    case 'no-worker-fits':
      return [`No registered active worker with enough resources: the task needs ${requirementsText(task)}; ${reason.activeWorkers} active worker(s), none offers that.`];
    case 'ready':
      return [`Ready: waiting for one of the ${reason.fittingWorkers} active worker(s) that fit it to claim it.`];
    case 'not-waiting':
      return [];
  }
};

/**
 * The worker appends its log tail to the failure reason after a newline: the first line is the
 * reason, the rest the tail of the job's output.
 */
const splitFailure = (failure: string): { reason: string; logTail: string | null } => {
  const newline = failure.indexOf('\n');
  return newline < 0 ? { reason: failure, logTail: null } : { reason: failure.slice(0, newline), logTail: failure.slice(newline + 1) };
};

/** One job: its parameters as stored, its status history, run, lease, outcome, dependencies and why it waits. */
export const jobView: View = async (root, path) => {
  const jobId = Number(path[1]);
  const content = h('div');
  root.append(content);

  const refresh = async () => {
    const answer = await request<Job>('GET', `/jobs/${jobId}`);
    const job = answer.body;
    const [task, dependencies, history, workers] = await Promise.all([
      get<Task>(`/tasks/${job.task_id}`),
      get<DependencyReport>(`/jobs/${jobId}/dependencies`),
      get<JobHistory>(`/jobs/${jobId}/history`),
      job.status === 'PENDING' ? listAll<Worker>('/clients?active_only=true') : Promise.resolve([]),
    ]);
    const reason = pendingReason(job, dependencies, task, workers);
    const failure = job.failure_reason === null ? null : splitFailure(job.failure_reason);
    const rerender = () => void refresh();

    content.replaceChildren(
      h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), ' / ', h('a', { href: `#/projects/${job.project_id}` }, `project ${job.project_id}`), ' / ', `job ${job.id}`),
      h('h1', {}, `Job #${job.id} `, h('span', { class: 'muted' }, job.name), ' ', statusBadge(job.status)),
      h(
        'div',
        { class: 'actions' },
        CANCELLABLE.has(job.status) ? h('button', { class: 'danger', onclick: () => void cancelJob(job, rerender) }, 'Cancel job') : null,
        RETRYABLE.has(job.status) ? h('button', { onclick: () => void retryJob(job, rerender) }, 'Retry job') : null,
        h('a', { class: 'button', href: `#/projects/${job.project_id}/dag?around=${job.id}` }, 'Show in the DAG'),
      ),
      reason.kind === 'not-waiting' ? '' : h('p', { class: 'reason', 'data-reason': reason.kind }, ...reasonText(reason, task)),
      h(
        'table',
        { class: 'details' },
        row('Task', `${task.name} (needs ${requirementsText(task)})`),
        row('Priority', job.priority),
        row('Parameters', h('pre', { class: 'parameters' }, rawMember(answer.text, 'parameters') ?? '')),
      ),
      h('h2', {}, 'History'),
      historyTable(job, history),
      h('h2', {}, 'Run, lease and outcome'),
      h(
        'table',
        { class: 'details' },
        row('Attempts', `${job.attempts} of at most ${job.max_attempts}`),
        row('Started', timestamp(job.started_at)),
        row('Finished', timestamp(job.finished_at)),
        row('Last updated', timestamp(job.updated_at)),
        row('Lease owner', job.lease_owner ?? '—'),
        row('Lease expires', timestamp(job.lease_expires_at)),
        row('Exit code', job.exit_code ?? '—'),
        row('Failure reason', failure?.reason ?? '—'),
      ),
      failure?.logTail ? h('div', {}, h('h3', {}, 'Log tail'), h('pre', { class: 'log-tail' }, failure.logTail)) : '',
      h('h2', {}, 'Dependencies'),
      dependencies.dependencies.length === 0
        ? h('p', { class: 'muted' }, 'None.')
        : h('table', { class: 'dependencies' }, h('tbody', {}, ...dependencies.dependencies.map((d) => h('tr', {}, h('td', {}, jobLink(d.job_id)), h('td', {}, d.job_name), h('td', {}, statusBadge(d.status)))))),
    );
  };
  try {
    await refresh();
  } catch (error) {
    content.replaceChildren(errorBox(error));
    return;
  }
  return liveRefresh(3_000, refresh);
};
