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
}

export interface CliContext extends BaseContext {
  readonly env: NodeJS.ProcessEnv;
  readonly launcher: Launcher;
}
