import { forgetApiKey, storedApiKey } from './api-key-dialog.js';
import { errorBox, h } from './dom.js';
import { dagView } from './views/dag.view.js';
import { jobView } from './views/job.view.js';
import { projectsView } from './views/projects.view.js';
import { queueView } from './views/queue.view.js';
import { timelineView } from './views/timeline.view.js';
import type { View } from './views/view.js';
import { workersView } from './views/workers.view.js';

/** Hash routes: the server serves one page; every view reads the REST API. */
const viewFor = (path: readonly string[]): View | null => {
  if (path.length === 0 || (path.length === 1 && path[0] === 'projects')) return projectsView;
  if (path[0] === 'projects' && path.length === 2) return queueView;
  if (path[0] === 'projects' && path.length === 3 && path[2] === 'dag') return dagView;
  if (path[0] === 'projects' && path.length === 3 && path[2] === 'timeline') return timelineView;
  if (path[0] === 'jobs' && path.length === 2) return jobView;
  if (path[0] === 'workers' && path.length === 1) return workersView;
  return null;
};

const main = document.getElementById('view')!;
let leave: (() => void) | void;
let navigation = 0;

const show = async () => {
  leave?.();
  leave = undefined;
  const current = ++navigation;
  const [pathText = '', queryText = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const path = pathText.split('/').filter((part) => part !== '');
  const root = h('div');
  main.replaceChildren(root);
  document.getElementById('notice')!.textContent = '';
  const view = viewFor(path);
  if (view === null) {
    root.append(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Projects')));
    return;
  }
  try {
    const stop = await view(root, path, new URLSearchParams(queryText));
    // Left while loading: stop what the abandoned view started.
    if (current !== navigation) stop?.();
    else leave = stop;
  } catch (error) {
    root.append(errorBox(error));
  }
};

const keyButton = document.getElementById('forget-key')!;
const showKeyState = () => (keyButton.hidden = storedApiKey() === null);
keyButton.addEventListener('click', () => {
  forgetApiKey();
  showKeyState();
  void show();
});
window.addEventListener('hashchange', () => void show().then(showKeyState));
void show().then(showKeyState);
