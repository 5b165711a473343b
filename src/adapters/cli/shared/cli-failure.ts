import { UsageError } from 'clipanion';
import type { ClientError } from '../../client/client-error.js';

/** An expected failure of a command: exit 1 with this one line (never a stack trace). */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** A command line that cannot be acted on: exit 2. */
export const usageError = (message: string): UsageError => new UsageError(message);

/** One line for a failed call: the server's `detail` with the HTTP status, or why it got no answer. */
export const clientFailure = (error: ClientError): CliFailure => new CliFailure(error.message);
