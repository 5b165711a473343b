import type { BaseContext } from 'clipanion';

/** A server started for the `server` command. */
export interface ServingHandle {
  readonly url: string;
  readonly databaseDescription: string;
  close(): Promise<void>;
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
  /** Applies every pending migration; their names. */
  upgrade(): Promise<string[]>;
  /** Reverts the last applied migration; its name, or null when none was applied. */
  downgrade(): Promise<string | null>;
  status(): Promise<{ readonly executed: readonly string[]; readonly pending: readonly string[] }>;
  history(): Promise<readonly { readonly name: string; readonly executedAt: Date }[]>;
  close(): Promise<void>;
}

export interface CliContext extends BaseContext {
  readonly env: NodeJS.ProcessEnv;
  readonly launcher: Launcher;
}
