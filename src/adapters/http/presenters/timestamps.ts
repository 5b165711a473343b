/** ISO 8601 in UTC with `Z` (API.md A.12). */
export const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
