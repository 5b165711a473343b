/** The fields of a partial change that are really given: an explicit `undefined` changes nothing. */
export const definedOnly = <T extends object>(changes: Partial<T>): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
