import * as E from 'fp-ts/lib/Either.js';
import { validationFailed, type ValidationFailed } from '../domain/errors.js';
import type { Page } from './ports/project-store.port.js';

/** The most rows one listing returns (the original CLI asks for 10,000). */
export const MAX_PAGE_SIZE = 10_000;

export const validatePage = (page: Page): E.Either<ValidationFailed, Page> => {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE_SIZE) {
    return E.left(validationFailed('limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${page.limit}`));
  }
  if (!Number.isSafeInteger(page.offset) || page.offset < 0) {
    return E.left(validationFailed('skip', `skip must be an integer >= 0, got ${page.offset}`));
  }
  return E.right(page);
};
