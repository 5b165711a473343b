import fc from 'fast-check';
import type { Route } from '../../../src/adapters/http/route.js';
import { routeKey, spellings, type TestServer } from '../../http/server-harness.js';
import { seedLab, type FuzzLab } from './fuzz-lab.js';
import { rawRequest, type RawAnswer, type RawRequest } from './fuzz-raw-http.js';
import { describeRequest, fuzzRequests, renderRequest } from './fuzz-requests.js';
import { snapshotStore, type StoreSnapshot } from './fuzz-snapshot.js';

/** Past this many projects, jobs or clients the store is emptied and a fresh lab seeded, so snapshots stay cheap. */
const MAX_PROJECTS = 10;
const MAX_JOBS = 200;
const MAX_CLIENTS = 25;

/** The full run (`npm run chaos`) or the reduced one (`npm test`). */
export const FULL = process.env['WHATSNEXT_CHAOS'] === 'full';

/**
 * Fuzzes a running server route by route. After every request: the server answered with an
 * HTTP status below 500, the answer leaks no stack trace, and when the request was refused
 * (4xx) the store's whole content is what it was before. Accepted requests may change the
 * store; the lab is re-seeded whenever they remove what it aims at.
 */
export class FuzzSession {
  private lab!: FuzzLab;
  private before!: StoreSnapshot;
  cases = 0;
  refused = 0;

  /** The lab as it stands (it is re-seeded when accepted requests remove it). */
  get currentLab(): FuzzLab {
    return this.lab;
  }

  private constructor(private readonly server: TestServer) {}

  static async open(server: TestServer): Promise<FuzzSession> {
    const session = new FuzzSession(server);
    session.lab = await seedLab(server.http);
    session.before = await snapshotStore(server.http);
    return session;
  }

  /** Sends one request and checks the invariants; throws with the request when one breaks. */
  async check(request: RawRequest): Promise<RawAnswer> {
    let answer: RawAnswer;
    try {
      answer = await rawRequest(this.server.url, request);
    } catch (error) {
      throw new Error(`no answer (crash?) to ${describeRequest(request)}: ${String(error)}`);
    }
    this.cases += 1;
    const what = `${answer.status} for ${describeRequest(request)}\n${answer.text.slice(0, 600)}`;
    if (answer.status >= 500) throw new Error(`server error: ${what}`);
    if (/\n\s+at .+:\d+:\d+/.test(answer.text)) throw new Error(`stack trace in the answer: ${what}`);
    const after = await snapshotStore(this.server.http);
    if (answer.status >= 400) {
      this.refused += 1;
      if (after.text !== this.before.text) throw new Error(`a refused request changed the store: ${what}\nbefore: ${this.before.text.slice(0, 2000)}\nafter:  ${after.text.slice(0, 2000)}`);
    }
    this.before = await this.keepLab(after);
    return answer;
  }

  /** fast-check over one route: `runs` generated requests. */
  async fuzzRoute(route: Route, runs: number, seed?: number): Promise<void> {
    await fc.assert(
      fc.asyncProperty(fuzzRequests(route, spellings(route)), async (spec) => {
        await this.check(renderRequest(spec, this.lab));
      }),
      // The server is stateful: shrinking would replay against a changed store, so the first failure is reported as is.
      { numRuns: runs, endOnFailure: true, ...(seed !== undefined ? { seed } : {}), verbose: 0 },
    ).catch((error: unknown) => {
      throw new Error(`${routeKey(route)}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async keepLab(snapshot: StoreSnapshot): Promise<StoreSnapshot> {
    const overgrown = snapshot.projects.length > MAX_PROJECTS || snapshot.jobs.length > MAX_JOBS || snapshot.clients.length > MAX_CLIENTS;
    const labIntact =
      snapshot.projects.some((p) => p.id === this.lab.projectId) &&
      this.lab.jobIds.every((id) => snapshot.jobs.some((j) => j.id === id)) &&
      snapshot.clients.some((c) => c.id === this.lab.clientId);
    if (!overgrown && labIntact) return snapshot;
    if (overgrown) await this.empty(snapshot);
    this.lab = await seedLab(this.server.http);
    return snapshotStore(this.server.http);
  }

  private async empty(snapshot: StoreSnapshot): Promise<void> {
    for (const project of snapshot.projects) await this.server.http.del(`/projects/${project.id}`);
    for (const client of snapshot.clients) await this.server.http.del(`/clients/${encodeURIComponent(client.id)}`);
  }
}
