import * as E from 'fp-ts/lib/Either.js';
import type { NameTaken } from '../../../domain/errors.js';
import type { TransactionSql } from './transaction-sql.js';
import { isUniqueViolation } from './unique-violation.js';

/**
 * Runs a write that a unique name constraint may refuse: the refusal (SQLSTATE 23505) becomes
 * `taken`, under a savepoint so that the caller's transaction stays usable.
 */
export const guardName = async <A>(sql: TransactionSql, taken: () => NameTaken, write: () => Promise<A>): Promise<E.Either<NameTaken, A>> => {
  try {
    return E.right(await sql.underSavepoint(write));
  } catch (error) {
    if (isUniqueViolation(error)) return E.left(taken());
    throw error;
  }
};
