import type { Writable } from 'node:stream';
import { eventText, type WorkerEvent } from '../../worker/worker-events.js';

export const WORKER_LOG_FORMATS = ['text', 'json'] as const;
export type WorkerLogFormat = (typeof WORKER_LOG_FORMATS)[number];

type Fields = Readonly<Record<string, unknown>>;

const clock = (): string => new Date().toISOString().slice(11, 19);

/** The event's own fields in snake_case (the wire's style), e.g. `job_id`, for JSON lines. */
const eventFields = (event: WorkerEvent): Fields => {
  const { type, ...rest } = event;
  const fields: Record<string, unknown> = { event: type };
  for (const [key, value] of Object.entries(rest)) fields[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  return fields;
};

/**
 * What `whatsnext worker` prints: `[hh:mm:ss] text` lines for a person, or one JSON object per
 * line (`time`, `level`, `msg` and the fields) for a log collector. Errors go to stderr either way.
 */
export class WorkerLog {
  constructor(
    private readonly format: WorkerLogFormat,
    private readonly stdout: Writable,
    private readonly stderr: Writable,
  ) {}

  info(text: string, fields: Fields = {}): void {
    this.line(this.stdout, 'info', text, fields);
  }

  error(text: string, fields: Fields = {}): void {
    this.line(this.stderr, 'error', text, fields);
  }

  event(event: WorkerEvent): void {
    if (event.type === 'error') this.error(eventText(event), eventFields(event));
    else this.info(eventText(event), eventFields(event));
  }

  private line(stream: Writable, level: 'info' | 'error', text: string, fields: Fields): void {
    if (this.format === 'json') stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: text, ...fields })}\n`);
    else stream.write(`[${clock()}] ${text}\n`);
  }
}
