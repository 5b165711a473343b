import { get, put } from '../api.js';
import { confirmThen } from '../confirm-dialog.js';
import { h } from '../dom.js';
import { liveRefresh } from '../live-refresh.js';
import { JOB_STATUSES, type Project, type ProjectStats } from '../wire.js';
import type { View } from './view.js';

export const archiveProject = (project: Project, after: () => void): Promise<void> =>
  confirmThen(
    `Archive project "${project.name}"? Workers stop getting its jobs; nothing is deleted.`,
    'Archive',
    async () => {
      await put(`/projects/${project.id}`, { status: 'ARCHIVED' });
      return `Project "${project.name}" archived.`;
    },
    after,
  );

/** Every project with its jobs counted by status. */
export const projectsView: View = async (root) => {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'projects' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Project'), h('th', {}, 'State'), ...JOB_STATUSES.map((s) => h('th', { class: 'num' }, s)), h('th', { class: 'num' }, 'Total'), h('th', {}, ''))),
    body,
  );
  root.append(h('h1', {}, 'Projects'), table);

  const refresh = async () => {
    const projects = await get<Project[]>('/projects?status_filter=all&limit=10000');
    const stats = await Promise.all(projects.map((p) => get<ProjectStats>(`/projects/${p.id}/stats`)));
    body.replaceChildren(
      ...projects.map((project, i) =>
        h(
          'tr',
          { 'data-project-id': project.id },
          h('td', {}, h('a', { href: `#/projects/${project.id}` }, project.name), project.description ? h('div', { class: 'muted' }, project.description) : null),
          h('td', {}, project.status),
          ...JOB_STATUSES.map((s) => h('td', { class: `num count-${s.toLowerCase()}` }, stats[i]!.by_status[s] ?? 0)),
          h('td', { class: 'num' }, stats[i]!.total),
          h(
            'td',
            {},
            h('a', { href: `#/projects/${project.id}/dag` }, 'DAG'),
            ' ',
            project.status === 'ACTIVE' ? h('button', { class: 'danger small', onclick: () => void archiveProject(project, () => void refresh()) }, 'Archive') : null,
          ),
        ),
      ),
    );
    if (projects.length === 0) body.append(h('tr', {}, h('td', { colspan: JOB_STATUSES.length + 3 }, 'No project yet.')));
  };
  await refresh();
  return liveRefresh(5_000, refresh);
};
