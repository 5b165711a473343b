import type { Outcome } from '../../../application/ports/executor.port.js';

export const succeeded = (logTail: string | null = null): Outcome => ({ ok: true, logTail });

export const failed = (reason: string, exitCode: number | null = null, logTail: string | null = null): Outcome => ({ ok: false, exitCode, reason, logTail });
