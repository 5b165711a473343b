import type { Http } from '../../http/server-harness.js';

/**
 * Everything a store holds, as the API lists it with every field (projects of any status,
 * their tasks, jobs of any status, workers active or not): two equal snapshots mean nothing
 * stored changed in between.
 */
export interface StoreSnapshot {
  readonly projects: readonly { readonly id: number }[];
  readonly jobs: readonly { readonly id: number }[];
  readonly clients: readonly { readonly id: string }[];
  /** The whole content as one comparable text. */
  readonly text: string;
}

const ALL = 10_000;

const list = async (http: Http, path: string): Promise<{ items: any[]; text: string }> => {
  const answer = await http.get(path);
  if (answer.status !== 200 || !Array.isArray(answer.body)) throw new Error(`snapshot: GET ${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
  if (answer.body.length >= ALL) throw new Error(`snapshot: GET ${path} hit the listing limit`);
  return { items: answer.body, text: answer.text };
};

export const snapshotStore = async (http: Http): Promise<StoreSnapshot> => {
  const projects = await list(http, `/projects?status_filter=all&limit=${ALL}`);
  const tasks = await Promise.all(projects.items.map((project) => list(http, `/tasks?project_id=${project.id}&limit=${ALL}`)));
  const jobs = await list(http, `/jobs?status=all&limit=${ALL}`);
  const clients = await list(http, `/clients?active_only=false&limit=${ALL}`);
  // Raw texts, not re-serialised values: parameters must not change even in their spelling.
  const text = [projects, ...tasks, jobs, clients].map((listing) => listing.text).join('\n');
  return { projects: projects.items, jobs: jobs.items, clients: clients.items, text };
};
