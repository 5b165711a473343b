import type * as t from 'io-ts';
import { ErrorAnswer, ValidationErrorAnswer } from './common.answers.js';

/**
 * What one status of a route answers: what it means and what its body is. JSON bodies are
 * described by an answer codec; pages, metrics and files by their media type; 204 by nothing.
 */
export type ResponseSpec =
  | { readonly description: string; readonly json: t.Mixed }
  | { readonly description: string; readonly media: 'text/html' | 'text/plain' | 'application/octet-stream' }
  | { readonly description: string; readonly empty: true };

export const json = (description: string, codec: t.Mixed): ResponseSpec => ({ description, json: codec });

/** `{"detail": "<message>"}`: not found, conflicts, refusals. */
export const failure = (description: string): ResponseSpec => json(description, ErrorAnswer);

/** 422 `{"detail": [{"loc", "msg", "type"}]}`. */
export const invalid = (description: string): ResponseSpec => json(description, ValidationErrorAnswer);

export const page = (description: string): ResponseSpec => ({ description, media: 'text/html' });

export const plainText = (description: string): ResponseSpec => ({ description, media: 'text/plain' });

/** A static file of whatever type its name says. */
export const file = (description: string): ResponseSpec => ({ description, media: 'application/octet-stream' });

/** 204 No Content. */
export const noContent = (description: string): ResponseSpec => ({ description, empty: true });
