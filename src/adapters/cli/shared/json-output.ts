import { RawJson, stringifyWithRaw } from '../../json/raw-json-response.js';
import type { JobView } from '../../client/whatsnext-client.js';

/** A job for `--json`: the server's fields, its parameters as the exact text the server holds. */
export const jobJson = (job: JobView): Record<string, unknown> => {
  const { parametersText, ...fields } = job;
  return { ...fields, parameters: new RawJson(parametersText) };
};

/** One JSON document on one line; RawJson values are spliced in verbatim. */
export const jsonLine = (value: unknown): string => `${stringifyWithRaw(value)}\n`;
