import { askForApiKey, storedApiKey } from './api-key-dialog.js';

/** An answer of the REST API: the raw text (for exact parameters) and its parsed value. */
export interface Answer<T> {
  readonly text: string;
  readonly body: T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`${status}: ${detail}`);
  }
}

const detailOf = (text: string): string => {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : JSON.stringify(detail);
  } catch {
    return text;
  }
};

/** One call to the REST API; a 401 or 403 asks for the key and tries again with it. */
export const request = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
  for (;;) {
    const headers: Record<string, string> = {};
    const key = storedApiKey();
    if (key !== null) headers['X-API-Key'] = key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (response.status === 401 || response.status === 403) {
      await askForApiKey(response.status === 403);
      continue;
    }
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, detailOf(text));
    return { text, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }
};

export const get = async <T>(path: string): Promise<T> => (await request<T>('GET', path)).body;
export const post = async <T>(path: string, body?: unknown): Promise<T> => (await request<T>('POST', path, body)).body;
export const put = async <T>(path: string, body: unknown): Promise<T> => (await request<T>('PUT', path, body)).body;
export const del = async <T>(path: string): Promise<T> => (await request<T>('DELETE', path)).body;
