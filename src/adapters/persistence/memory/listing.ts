import type { Page } from '../../../application/ports/project-store.port.js';

/* How the memory stores order and page what they list. */

export const pageOf = <T>(items: readonly T[], page: Page): T[] => items.slice(page.offset, page.offset + page.limit);

export const byId = (a: { readonly id: number }, b: { readonly id: number }): number => a.id - b.id;

export const ascending = (a: number, b: number): number => a - b;
