import type { BaseContext } from 'clipanion';

/** A server started for the `server` command. Its logs (JSON lines on stdout) are its only output. */
export interface ServingHandle {
  readonly url: string;
  readonly databaseDescription: string;
  /** Logs why it stops (e.g. the signal), then stops. */
  close(reason: string): Promise<void>;
}

export interface ServeFlags {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly database?: string | undefined;
}

/**
 * What the composition root lends the commands that must build the product themselves (serve,
 * run a worker, migrate): the CLI adapter never wires the container.
 */
export interface Launcher {
  serve(flags: ServeFlags): Promise<ServingHandle>;
  /** The schema migrations of a database (`--database`, else DATABASE_URL, else PGlite as the server); `close` when done. */
  migrations(flags: DatabaseFlags): Promise<SchemaMigrations>;
}

export interface DatabaseFlags {
  readonly database?: string | undefined;
}

/** The `whatsnext db` commands' view of a database's migrations. */
export interface SchemaMigrations {
  /** Where the data lives, without a password. */
  readonly databaseDescription: string;
  /** Every migration this version knows, oldest first. */
  known(): readonly string[];
  /** Applies the pending migrations up to and including `target` (every one when null); their names. */
  upgrade(target: string | null): Promise<string[]>;
  /** Reverts the applied migrations after `target` (every one when null: the empty schema); their names, newest first. */
  revertTo(target: string | null): Promise<string[]>;
  /** Records the migrations up to `target` as applied and the later ones as not, running none. */
  stamp(target: string | null): Promise<{ readonly recorded: readonly string[]; readonly unrecorded: readonly string[] }>;
  status(): Promise<{ readonly executed: readonly string[]; readonly pending: readonly string[] }>;
  history(): Promise<readonly { readonly name: string; readonly executedAt: Date }[]>;
  close(): Promise<void>;
}

export interface CliContext extends BaseContext {
  readonly env: NodeJS.ProcessEnv;
  readonly launcher: Launcher;
}
