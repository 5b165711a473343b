import { request } from './api.js';
import { PAGE_LIMIT } from './wire.js';

/** Every item of a paged listing (`limit`/`skip`), with the raw text of each page. */
export const listAll = async <T>(path: string, onPage?: (text: string) => void): Promise<T[]> => {
  const items: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let skip = 0; ; skip += PAGE_LIMIT) {
    const page = await request<T[]>('GET', `${path}${separator}limit=${PAGE_LIMIT}&skip=${skip}`);
    onPage?.(page.text);
    items.push(...page.body);
    if (page.body.length < PAGE_LIMIT) return items;
  }
};
