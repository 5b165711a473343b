import { h, jobLink, statusBadge, ago, timestamp } from '../dom.js';
import { listAll } from '../listing.js';
import { liveRefresh } from '../live-refresh.js';
import type { Job, Worker } from '../wire.js';
import type { View } from './view.js';

const capacity = (offer: number, unit = ''): string => (offer === 0 ? 'any' : `${offer}${unit}`);

/** Workers with their capacity, the jobs they hold and their last heartbeat. */
export const workersView: View = async (root) => {
  const body = h('tbody');
  root.append(
    h('h1', {}, 'Workers'),
    h(
      'table',
      { class: 'workers' },
      h('thead', {}, h('tr', {}, ...['Worker', 'Entity', 'Active', 'CPU', 'Accelerators', 'Memory', 'Last heartbeat', 'Holding'].map((c) => h('th', {}, c)))),
      body,
    ),
    h('p', { class: 'muted' }, '"any" is a worker that set no limit for that resource (0 on the wire).'),
  );
  const refresh = async () => {
    const [workers, running, queued] = await Promise.all([
      listAll<Worker>('/clients?active_only=false'),
      listAll<Job>('/jobs?status=RUNNING'),
      listAll<Job>('/jobs?status=QUEUED'),
    ]);
    const held = new Map<string, Job[]>();
    for (const job of [...running, ...queued]) if (job.lease_owner !== null) held.set(job.lease_owner, [...(held.get(job.lease_owner) ?? []), job]);
    body.replaceChildren(
      ...workers.map((worker) =>
        h(
          'tr',
          { 'data-worker-id': worker.id },
          h('td', {}, worker.name, h('div', { class: 'muted' }, worker.id)),
          h('td', {}, worker.entity),
          h('td', {}, worker.is_active === 1 ? 'yes' : 'no'),
          h('td', { class: 'num' }, capacity(worker.available_cpu)),
          h('td', { class: 'num' }, capacity(worker.available_accelerators)),
          h('td', { class: 'num' }, capacity(worker.available_memory_mb, ' MB')),
          h('td', { title: timestamp(worker.last_heartbeat) }, ago(worker.last_heartbeat)),
          h('td', {}, ...(held.get(worker.id) ?? []).flatMap((job) => [jobLink(job.id), ' ', statusBadge(job.status), ' '])),
        ),
      ),
    );
    if (workers.length === 0) body.append(h('tr', {}, h('td', { colspan: 8 }, 'No worker has registered.')));
  };
  await refresh();
  return liveRefresh(5_000, refresh);
};
