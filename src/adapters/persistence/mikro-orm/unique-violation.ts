import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** SQLSTATE 23505, whether MikroORM converted the driver's error or it came from raw SQL. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof UniqueConstraintViolationException ||
  (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505');
