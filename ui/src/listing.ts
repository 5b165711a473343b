import { request } from './api.js';
import { PAGE_LIMIT } from './wire.js';

/**
 * Every item of a paged listing, with the raw text of each page. A job listing (`/jobs`) pages by
 * key (`after_id` = the last id so far), which costs the same at any depth; others by `skip`.
 */
export const listAll = async <T extends { id: number | string }>(path: string, onPage?: (text: string) => void): Promise<T[]> => {
  const items: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  const byKey = path.startsWith('/jobs?') || path.startsWith('/jobs/?');
  for (;;) {
    const next = byKey ? `after_id=${items.at(-1)?.id ?? 0}` : `skip=${items.length}`;
    const page = await request<T[]>('GET', `${path}${separator}limit=${PAGE_LIMIT}&${next}`);
    onPage?.(page.text);
    items.push(...page.body);
    if (page.body.length < PAGE_LIMIT) return items;
  }
};
