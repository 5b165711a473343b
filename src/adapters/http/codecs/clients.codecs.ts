import * as t from 'io-ts';
import { PageQuery } from './paging.codecs.js';
import { BooleanFromString, intAtLeast, SafeInt } from './primitives.codecs.js';

const Count = intAtLeast(SafeInt, 0, 'integer >= 0');

export const ClientIdParams = t.type({ client_id: t.string });
export type ClientIdParams = t.TypeOf<typeof ClientIdParams>;

export const ClientListQuery = t.exact(t.intersection([PageQuery, t.partial({ active_only: BooleanFromString })]));
export type ClientListQuery = t.TypeOf<typeof ClientListQuery>;

export const RegisterClientBody = t.exact(
  t.intersection([
    t.type({ id: t.string, name: t.string, entity: t.string }),
    t.partial({ description: t.union([t.string, t.null]), available_cpu: Count, available_accelerators: Count, available_memory_mb: Count }),
  ]),
);
export type RegisterClientBody = t.TypeOf<typeof RegisterClientBody>;

/** Any of these; nulls are ignored (the original). */
export const UpdateClientBody = t.exact(
  t.partial({
    available_cpu: t.union([Count, t.null]),
    available_accelerators: t.union([Count, t.null]),
    available_memory_mb: t.union([Count, t.null]),
    is_active: t.union([t.boolean, intAtLeast(SafeInt, 0, '0 or 1'), t.null]),
  }),
);
export type UpdateClientBody = t.TypeOf<typeof UpdateClientBody>;
