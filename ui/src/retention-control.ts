import { put } from './api.js';
import { h } from './dom.js';
import type { Project } from './wire.js';

/** The retentions offered in the dashboard; any other one the project has is offered too. */
const CHOICES: readonly (readonly [string, string])[] = [
  ['keep', 'forever'],
  ['1d', 'for a day'],
  ['7d', 'for a week'],
  ['30d', 'for 30 days'],
  ['remove_on_complete', 'until they complete'],
];

/**
 * "Keep finished jobs …": the project's retention, changed on the spot (PUT /projects/{id}).
 * `onChanged` gets the new value, or an error to show.
 */
export const retentionControl = (project: Project, onChanged: (message: string) => void): HTMLLabelElement => {
  const current = project.retention ?? 'keep';
  const choices = CHOICES.some(([value]) => value === current) ? CHOICES : [...CHOICES, [current, current] as const];
  const select = h('select', { name: 'retention' }, ...choices.map(([value, label]) => h('option', { value, ...(value === current ? { selected: true } : {}) }, label)));
  select.addEventListener('change', () => {
    void put<{ data: Project }>(`/projects/${project.id}`, { retention: select.value }).then(
      (answer) => onChanged(`Retention is now ${answer.data.retention}.`),
      (error: Error) => onChanged(`Retention not changed: ${error.message}`),
    );
  });
  return h('label', { class: 'retention' }, 'Keep finished jobs ', select);
};
