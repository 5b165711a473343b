import { get, request } from '../api.js';
import { h, jobLink, statusBadge, timestamp } from '../dom.js';
import { CANCELLABLE, RETRYABLE, cancelJob, clearPendingQueue, retryFailedJobsOfTask, retryJob } from '../job-actions.js';
import { listAll } from '../listing.js';
import { liveRefresh } from '../live-refresh.js';
import { requirementsText } from '../pending-reason.js';
import { rawMemberOfEach } from '../raw-json.js';
import { retentionControl } from '../retention-control.js';
import { JOB_STATUSES, type Job, type Project, type ProjectStats, type Task } from '../wire.js';
import { archiveProject } from './projects.view.js';
import type { View } from './view.js';

const PAGE_SIZE = 50;

const SORTS = {
  id: 'Id ↑ (submission order)',
  'id-desc': 'Id ↓ (newest first)',
  claim: 'Claim order (priority, then id)',
  updated: 'Last updated first',
  name: 'Name',
} as const;
type Sort = keyof typeof SORTS;

const comparators: Record<Exclude<Sort, 'id' | 'id-desc'>, (a: Job, b: Job) => number> = {
  claim: (a, b) => b.priority - a.priority || a.id - b.id,
  updated: (a, b) => b.updated_at.localeCompare(a.updated_at) || a.id - b.id,
  name: (a, b) => a.name.localeCompare(b.name) || a.id - b.id,
};

interface Filters {
  status: string;
  task: string;
  sort: Sort;
  page: number;
}

const select = (name: string, value: string, options: readonly (readonly [string, string])[], onchange: (value: string) => void): HTMLSelectElement => {
  const element = h('select', { name, 'aria-label': name }, ...options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  element.addEventListener('change', () => onchange(element.value));
  return element;
};

/** How many jobs match the filters, read from the project's counts (no listing needed). */
const matching = (stats: ProjectStats, filters: Filters): number => {
  const scope = filters.task === '' ? stats : stats.by_task.find((t) => String(t.task_id) === filters.task);
  if (scope === undefined) return 0;
  return filters.status === '' ? scope.total : (scope.by_status[filters.status as Job['status']] ?? 0);
};

/**
 * One page of the matching jobs with their raw parameters. Id orders page on the server (the
 * listing is ordered by id; newest-first pages are counted from the end); other orders sort
 * every matching job.
 */
const pageOfJobs = async (projectId: number, filters: Filters, total: number): Promise<{ jobs: Job[]; parameters: (string | undefined)[] }> => {
  const where = `/jobs?project_id=${projectId}${filters.status ? `&status=${filters.status}` : ''}${filters.task ? `&task_id=${filters.task}` : ''}`;
  if (filters.sort === 'id' || filters.sort === 'id-desc') {
    const fromEnd = filters.sort === 'id-desc';
    const skip = fromEnd ? Math.max(0, total - (filters.page + 1) * PAGE_SIZE) : filters.page * PAGE_SIZE;
    const limit = fromEnd ? Math.min(PAGE_SIZE, total - filters.page * PAGE_SIZE) : PAGE_SIZE;
    if (limit <= 0) return { jobs: [], parameters: [] };
    const page = await request<Job[]>('GET', `${where}&limit=${limit}&skip=${skip}`);
    const parameters = rawMemberOfEach(page.text, 'parameters');
    return fromEnd ? { jobs: [...page.body].reverse(), parameters: parameters.reverse() } : { jobs: page.body, parameters };
  }
  const texts: string[] = [];
  const all = await listAll<Job>(where, (text) => texts.push(text));
  const rawById = new Map<number, string | undefined>();
  const rawParameters = texts.flatMap((text) => rawMemberOfEach(text, 'parameters'));
  all.forEach((job, i) => rawById.set(job.id, rawParameters[i]));
  const jobs = all.sort(comparators[filters.sort]).slice(filters.page * PAGE_SIZE, (filters.page + 1) * PAGE_SIZE);
  return { jobs, parameters: jobs.map((job) => rawById.get(job.id)) };
};

/** A project's queue: counts per task, filters, sorting, paging, live refresh and the project's actions. */
export const queueView: View = async (root, path, query) => {
  const projectId = Number(path[1]);
  const filters: Filters = {
    status: query.get('status') ?? '',
    task: query.get('task') ?? '',
    sort: (query.get('sort') ?? 'id') in SORTS ? ((query.get('sort') ?? 'id') as Sort) : 'id',
    page: Number(query.get('page') ?? 0) || 0,
  };
  const [project, tasks] = await Promise.all([get<Project>(`/projects/${projectId}`), listAll<Task>(`/tasks?project_id=${projectId}`)]);
  const taskNames = new Map(tasks.map((t) => [t.id, t.name]));

  const heading = h('h1', {}, project.name, ' ', h('span', { class: 'muted' }, project.status));
  const summary = h('p', { class: 'summary' });
  const retentionNote = h('span', { class: 'muted', 'data-role': 'retention-note' });
  const actions = h('div', { class: 'actions' });
  const taskBody = h('tbody');
  const jobBody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const live = h('input', { type: 'checkbox', name: 'live', checked: true });
  const rerender = () => void refresh();
  const setFilter = (change: Partial<Filters>) => {
    Object.assign(filters, change);
    const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== '' && v !== 0 && v !== 'id').map(([k, v]) => [k, String(v)]));
    history.replaceState(null, '', `#/projects/${projectId}${params.size > 0 ? `?${params}` : ''}`);
    rerender();
  };

  root.append(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, 'Projects'), ' / ', project.name),
    heading,
    project.description ? h('p', { class: 'muted' }, project.description) : '',
    h('p', { class: 'retention-line' }, retentionControl(project, (message) => void (retentionNote.textContent = message)), ' ', retentionNote),
    summary,
    actions,
    h('h2', {}, 'Tasks'),
    h('table', { class: 'tasks' }, h('thead', {}, h('tr', {}, h('th', {}, 'Task'), h('th', {}, 'Needs'), h('th', {}, 'Keeps'), ...JOB_STATUSES.map((s) => h('th', { class: 'num' }, s)), h('th', {}, ''))), taskBody),
    h('h2', {}, 'Jobs'),
    h(
      'div',
      { class: 'filters' },
      h('label', {}, 'Status ', select('status', filters.status, [['', 'any'], ...JOB_STATUSES.map((s) => [s, s] as const)], (status) => setFilter({ status, page: 0 }))),
      h('label', {}, 'Task ', select('task', filters.task, [['', 'any'], ...tasks.map((t) => [String(t.id), t.name] as const)], (task) => setFilter({ task, page: 0 }))),
      h('label', {}, 'Sort ', select('sort', filters.sort, Object.entries(SORTS), (sort) => setFilter({ sort: sort as Sort, page: 0 }))),
      h('label', {}, live, ' live refresh'),
    ),
    h(
      'table',
      { class: 'jobs' },
      h('thead', {}, h('tr', {}, ...['Id', 'Name', 'Task', 'Status', 'Priority', 'Attempts', 'Parameters', 'Updated', ''].map((c) => h('th', {}, c)))),
      jobBody,
    ),
    pager,
  );

  const refresh = async () => {
    const stats = await get<ProjectStats>(`/projects/${projectId}/stats`);
    const total = matching(stats, filters);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (filters.page >= pages) filters.page = pages - 1;
    const { jobs, parameters } = await pageOfJobs(projectId, filters, total);

    summary.replaceChildren(`${stats.total} job(s): `, ...JOB_STATUSES.flatMap((s) => (stats.by_status[s] ? [statusBadge(s), ` ${stats.by_status[s]}  `] : [])));
    const pending = stats.by_status.PENDING ?? 0;
    actions.replaceChildren(
      h('a', { href: `#/projects/${projectId}/dag`, class: 'button' }, 'Show the DAG'),
      h('a', { href: `#/projects/${projectId}/timeline`, class: 'button' }, 'Show the timeline'),
      h('button', { class: 'danger', disabled: pending === 0, onclick: () => void clearPendingQueue(project, pending, rerender) }, `Clear pending queue (${pending})`),
      project.status === 'ACTIVE' ? h('button', { class: 'danger', onclick: () => void archiveProject(project, () => location.reload()) }, 'Archive project') : '',
    );
    taskBody.replaceChildren(
      ...tasks.map((task) => {
        const counts = stats.by_task.find((t) => t.task_id === task.id)?.by_status ?? {};
        const failed = counts.FAILED ?? 0;
        return h(
          'tr',
          { 'data-task-id': task.id },
          h('td', {}, task.name),
          h('td', {}, requirementsText(task)),
          h('td', { class: 'task-retention' }, task.retention ?? "project's"),
          ...JOB_STATUSES.map((s) => h('td', { class: 'num' }, counts[s] ?? 0)),
          h('td', {}, failed > 0 ? h('button', { class: 'small', onclick: () => void retryFailedJobsOfTask(projectId, task, failed, rerender) }, `Retry ${failed} failed`) : null),
        );
      }),
    );
    jobBody.replaceChildren(
      ...jobs.map((job, i) =>
        h(
          'tr',
          { 'data-job-id': job.id },
          h('td', {}, jobLink(job.id)),
          h('td', {}, job.name),
          h('td', {}, taskNames.get(job.task_id) ?? String(job.task_id)),
          h('td', {}, statusBadge(job.status)),
          h('td', { class: 'num' }, job.priority),
          h('td', { class: 'num' }, `${job.attempts}/${job.max_attempts}`),
          h('td', {}, h('code', { class: 'parameters' }, parameters[i] ?? '')),
          h('td', {}, timestamp(job.updated_at)),
          h(
            'td',
            {},
            CANCELLABLE.has(job.status) ? h('button', { class: 'small danger', onclick: () => void cancelJob(job, rerender) }, 'Cancel') : null,
            RETRYABLE.has(job.status) ? h('button', { class: 'small', onclick: () => void retryJob(job, rerender) }, 'Retry') : null,
          ),
        ),
      ),
    );
    if (jobs.length === 0) jobBody.append(h('tr', {}, h('td', { colspan: 9 }, 'No job matches.')));
    pager.replaceChildren(
      h('button', { class: 'small', disabled: filters.page === 0, onclick: () => setFilter({ page: filters.page - 1 }) }, '← Previous'),
      ` page ${filters.page + 1} of ${pages} (${total} job(s)) `,
      h('button', { class: 'small', disabled: filters.page + 1 >= pages, onclick: () => setFilter({ page: filters.page + 1 }) }, 'Next →'),
    );
  };
  await refresh();
  return liveRefresh(3_000, async () => {
    if (live.checked) await refresh();
  });
};
