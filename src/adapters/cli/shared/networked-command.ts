import { homedir } from 'node:os';
import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'typanion';
import type { ClientError } from '../../client/client-error.js';
import { WhatsNextClient } from '../../client/whatsnext-client.js';
import type { ProjectWire } from '../../client/wire.codecs.js';
import type { CliContext } from '../cli-context.js';
import { resolve } from 'node:path';
import { findConfigFile, givenConfigFile, readConfigFile, type ConfigFile } from '../config/config-file.js';
import { environmentLayer, fileLayer, resolveSettings, type ConnectionSettings } from '../config/connection-settings.js';
import { CliFailure, clientFailure, usageError } from './cli-failure.js';
import { jsonLine } from './json-output.js';
import { colorsFor, type Colors } from './terminal.js';

export const portValidator = t.cascade(t.isNumber(), [t.isInteger(), t.isInInclusiveRange(1, 65535)]);

/**
 * A command that talks to a server: the global `--server`, `--port`, `--api-key` and `--project`
 * flags, the settings they resolve to (flags > environment > `.whatsnext` > defaults), the client,
 * and helpers that turn a failed call into exit 1 with the server's detail.
 */
export abstract class NetworkedCommand extends Command<CliContext> {
  server = Option.String('-s,--server', { description: 'Server host or http:// URL (env WHATSNEXT_SERVER, default 127.0.0.1)' });
  port = Option.String('-p,--port', { description: 'Server port (env WHATSNEXT_PORT, default 8000)', validator: portValidator });
  apiKey = Option.String('-k,--api-key', { description: 'API key sent as X-API-Key (env WHATSNEXT_API_KEY)' });
  project = Option.String('-P,--project', { description: 'Project name (env WHATSNEXT_PROJECT, or the .whatsnext file)' });
  config = Option.String('-c,--config', { description: 'The configuration file to read (default: .whatsnext here, in a parent directory, or in ~)' });

  private resolved: ConnectionSettings | null = null;
  private configRead: ConfigFile | null | undefined = undefined;
  private connected: WhatsNextClient | null = null;

  protected get colors(): Colors {
    return colorsFor(this.context);
  }

  /** The `.whatsnext` file this command reads, or null when there is none. */
  protected configFile(): ConfigFile | null {
    if (this.configRead !== undefined) return this.configRead;
    const env = this.context.env;
    const home = env['HOME'] || env['USERPROFILE'] || homedir();
    const path = this.config !== undefined ? givenConfigFile(resolve(this.config)) : findConfigFile(process.cwd(), home);
    this.configRead = path === null ? null : readConfigFile(path);
    for (const warning of this.configRead?.warnings ?? []) this.note(`whatsnext: warning: ${warning}`);
    return this.configRead;
  }

  protected settings(): ConnectionSettings {
    if (this.resolved !== null) return this.resolved;
    const file = this.configFile();
    this.resolved = resolveSettings(
      { flags: { server: this.server, port: this.port, project: this.project, apiKey: this.apiKey }, env: environmentLayer(this.context.env), file: fileLayer(file) },
      file?.path ?? null,
    );
    return this.resolved;
  }

  protected client(): WhatsNextClient {
    const settings = this.settings();
    return (this.connected ??= new WhatsNextClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey ?? undefined }));
  }

  /** The configured project's name; a usage error when none is configured. */
  protected projectName(): string {
    const name = this.settings().project;
    if (name === null) throw usageError('no project: pass --project NAME, set WHATSNEXT_PROJECT, or run `whatsnext init --project NAME`');
    return name;
  }

  /** The value of a call, or exit 1 with its error. */
  protected async need<A>(call: Promise<E.Either<ClientError, A>>, context?: string): Promise<A> {
    const result = await call;
    if (E.isRight(result)) return result.right;
    if (context === undefined) throw clientFailure(result.left);
    throw new CliFailure(`${context}: ${result.left.message}`);
  }

  /** The configured project, looked up by name. */
  protected async currentProject(): Promise<ProjectWire> {
    const name = this.projectName();
    return this.need(this.client().getProjectByName(name), `project '${name}'`);
  }

  protected write(text: string): void {
    this.context.stdout.write(text);
  }

  protected writeJson(value: unknown): void {
    this.context.stdout.write(jsonLine(value));
  }

  protected note(text: string): void {
    this.context.stderr.write(`${text}\n`);
  }
}

/** `--json`, for commands that show data. */
export const jsonOption = () => Option.Boolean('--json', false, { description: 'Print machine-readable JSON (parameters exactly as stored)' });

/** `--force`, for commands that delete (see confirmation.ts: without it they ask on a terminal). */
export const forceOption = () => Option.Boolean('-f,--force', false, { description: 'Do it without asking (needed where there is no terminal to ask on)' });

export const idValidator = t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(1)]);
export const countValidator = t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(0)]);
export const limitValidator = t.cascade(t.isNumber(), [t.isInteger(), t.isInInclusiveRange(1, 10_000)]);

/** A case-insensitive choice among `values` (upper-cased by the caller). */
export const oneOf = (values: readonly string[]) =>
  t.makeValidator<unknown, string>({
    test: (value, state): value is string => {
      if (typeof value === 'string' && values.includes(value.toUpperCase())) return true;
      state?.errors?.push(`${state.p ?? '.'}: Expected one of ${values.map((v) => v.toLowerCase()).join(', ')} (got ${JSON.stringify(value)})`);
      return false;
    },
  });
