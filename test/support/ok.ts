import * as E from 'fp-ts/lib/Either.js';

/** Unwraps a Right in tests; a Left fails loudly with its message. */
export const ok = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left.message}`);
  return result.right;
};
