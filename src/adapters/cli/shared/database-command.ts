import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import type { CliContext, SchemaMigrations } from '../cli-context.js';
import { CliFailure, usageError } from './cli-failure.js';
import { jsonLine } from './json-output.js';
import { resolveRevision, revisionErrorText } from './migration-revision.js';
import { colorsFor, type Colors } from './terminal.js';

/** A `db` command: opens the database as the server would (`--database`, DATABASE_URL, WHATSNEXT_DATA_DIR) and closes it after. */
export abstract class DatabaseCommand extends Command<CliContext> {
  database = Option.String('--database', { description: "'pglite' or a postgres:// URL (default: DATABASE_URL, else PGlite in WHATSNEXT_DATA_DIR, ./.whatsnext/data or, beside a .whatsnext file, ./.whatsnext-data)" });
  json = Option.Boolean('--json', false, { description: 'Print machine-readable JSON' });

  protected abstract run(migrations: SchemaMigrations): Promise<number>;

  async execute(): Promise<number> {
    const migrations = await this.context.launcher.migrations({ database: this.database });
    try {
      return await this.run(migrations);
    } finally {
      await migrations.close();
    }
  }

  /** The migration a revision (head, base, ±N, a name) stands for on this database, or null for base; exit 1 naming a bad one. */
  protected async revisionTarget(migrations: SchemaMigrations, revision: string): Promise<{ target: string | null; executed: readonly string[] }> {
    const { executed } = await migrations.status();
    const resolved = resolveRevision(revision, migrations.known(), executed);
    if (E.isLeft(resolved)) throw new CliFailure(revisionErrorText(resolved.left));
    return { target: resolved.right, executed };
  }

  protected get colors(): Colors {
    return colorsFor(this.context);
  }

  protected write(text: string): void {
    this.context.stdout.write(text);
  }

  protected writeJson(value: unknown): void {
    this.context.stdout.write(jsonLine(value));
  }
}

const DATABASE_DETAILS =
  'The database is chosen as `whatsnext server` chooses it: `--database`, else `DATABASE_URL`, else PGlite in `WHATSNEXT_DATA_DIR` ' +
  '(default `./.whatsnext/data`; `./.whatsnext-data` where `./.whatsnext` is a configuration file). ' +
  'A PGlite directory in use by a running server cannot be opened: stop the server first.';
export const databaseDetails = (text: string): string => `${text}\n\n${DATABASE_DETAILS}`;

/** REV as alembic takes it, for the `db` commands' help. */
export const REVISION_DETAILS =
  'REV is `head` (the newest migration), `base` (before the first one), `+N` or `-N` (relative to the newest applied one), ' +
  "or a migration's name as `db status` lists it (a prefix naming exactly one will do, e.g. its number, `0001`).";

/**
 * `-1` as clipanion reads it is an invalid option name, so `db downgrade -1` (alembic's form) would be
 * a usage error: the launcher's argv goes through this first, which binds it as `--revision=-1`.
 */
export const bindRelativeRevision = (argv: readonly string[]): string[] =>
  argv[0] === 'db' && ['upgrade', 'downgrade', 'stamp'].includes(argv[1] ?? '')
    ? argv.map((word, index) => (index >= 2 && /^-\d+$/.test(word) ? `--revision=${word}` : word))
    : [...argv];

/** The revision given once, as REV or as the `--revision` that `bindRelativeRevision` made of `-N`. */
export const givenRevision = (positional: string | undefined, bound: string | undefined): string | undefined => {
  if (positional !== undefined && bound !== undefined) throw usageError(`give one revision, not '${positional}' and '${bound}'`);
  return positional ?? bound;
};

