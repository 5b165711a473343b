import { h, statusBadge, timestamp } from '../dom.js';
import { HISTORY_LIMIT, type Job, type JobHistory, type StatusChange } from '../wire.js';

const changeRow = (change: StatusChange) =>
  h(
    'tr',
    { class: 'change', 'data-from': change.from, 'data-to': change.to },
    h('td', {}, timestamp(change.at)),
    h('td', {}, statusBadge(change.from), ' → ', statusBadge(change.to)),
    h('td', {}, change.worker ?? '—'),
    h('td', { class: 'num' }, change.attempt),
    h('td', {}, change.reason ?? ''),
  );

/**
 * A job's status changes, oldest first, after its creation. Creation is no change: the job began
 * in the first change's `from`, or in its current status when nothing changed. A full history has
 * lost its oldest changes, so the status it was created in is unknown.
 */
export const historyTable = (job: Job, history: JobHistory): HTMLTableElement => {
  const changes = history.history;
  const truncated = changes.length >= HISTORY_LIMIT;
  const createdAs = changes[0]?.from ?? job.status;
  return h(
    'table',
    { class: 'history' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Change'), h('th', {}, 'Worker'), h('th', { class: 'num' }, 'Attempt'), h('th', {}, 'Reason'))),
    h(
      'tbody',
      {},
      h('tr', { class: 'created' }, h('td', {}, timestamp(history.created_at)), h('td', { colspan: 4 }, 'Created', truncated ? '' : [' as ', statusBadge(createdAs)])),
      truncated ? h('tr', {}, h('td', { colspan: 5, class: 'muted' }, `Older changes are not kept: a job keeps its latest ${HISTORY_LIMIT}.`)) : null,
      ...changes.map(changeRow),
    ),
  );
};
