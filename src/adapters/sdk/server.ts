import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../client/whatsnext-client.js';
import type { ProjectWire } from '../client/wire.codecs.js';
import type { ProjectOptions } from '../embedding/embedding-inputs.js';
import { Job } from './job.js';
import { Project } from './project.js';
import type { SdkError } from './sdk-error.js';

type Result<A> = Promise<E.Either<SdkError, A>>;

export interface ServerOptions {
  /** `http://host:port`; or give `host` and `port` (default 127.0.0.1:8000, as the CLI). */
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  /** Sent as `X-API-Key` when the server requires keys. */
  readonly apiKey?: string;
  /** Per request (default 30 s); long polls get their wait on top. */
  readonly timeoutMs?: number;
}

const baseUrlOf = (options: ServerOptions): string => (options.url ?? `http://${options.host ?? '127.0.0.1'}:${options.port ?? 8000}`).replace(/\/+$/, '');

/**
 * A WhatsNext server reached over HTTP (the original client's `Server`), the SDK's entry point:
 * projects by name, jobs by id. Creating it sends nothing; every call answers `Either`.
 */
export class Server {
  readonly url: string;
  /** The typed HTTP client underneath, for the API's other routes. */
  readonly http: WhatsNextClient;

  constructor(options: ServerOptions = {}) {
    this.url = baseUrlOf(options);
    this.http = new WhatsNextClient({
      baseUrl: this.url,
      apiKey: options.apiKey,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  }

  /** Right when the server and its database answer. */
  async health(): Result<void> {
    const database = await this.http.checkDatabase();
    if (E.isLeft(database)) return database;
    return database.right.status === 200 ? E.right(undefined) : E.left({ _tag: 'ApiError', status: 503, detail: 'the database does not answer', message: `the server at ${this.url} is up but its database does not answer (HTTP 503)` });
  }

  private project(wire: ProjectWire): Project {
    return new Project(this.http, wire);
  }

  async createProject(name: string, description = '', options: ProjectOptions = {}): Result<Project> {
    return E.map((wire: ProjectWire) => this.project(wire))(await this.http.createProject(name, description, options));
  }

  /** The project of that name (or id); an unknown one is an `ApiError` 404 naming it. */
  async getProject(nameOrId: string | number): Result<Project> {
    const wire = typeof nameOrId === 'number' ? await this.http.getProject(nameOrId) : await this.http.getProjectByName(nameOrId);
    return E.map((found: ProjectWire) => this.project(found))(wire);
  }

  /** The project of that name, created when there is none yet. */
  async ensureProject(name: string, description = ''): Result<Project> {
    const found = await this.getProject(name);
    if (E.isRight(found) || found.left._tag !== 'ApiError' || found.left.status !== 404) return found;
    return this.createProject(name, description);
  }

  /** Active projects by default; `status: 'all'` or `'archived'` for the others. */
  async projects(status: 'active' | 'archived' | 'all' = 'active'): Result<Project[]> {
    return E.map((wires: ProjectWire[]) => wires.map((wire) => this.project(wire)))(await this.http.listProjects({ status, limit: 10_000 }));
  }

  /** A job by id, whatever its project. */
  job(id: number): Result<Job> {
    return Job.read(this.http, id);
  }
}
