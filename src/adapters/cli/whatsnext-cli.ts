import { Cli } from 'clipanion';
import type { CliContext } from './cli-context.js';
import { bindRelativeRevision } from './shared/database-command.js';
import { isTty } from './shared/terminal.js';

const isUsageError = (error: unknown): boolean => typeof error === 'object' && error !== null && 'clipanion' in error;

const messageOf = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().replace(/\n\s*\n/g, '\n');
};

/**
 * Clipanion, with errors reported once and briefly on stderr: exit 1 and one line naming the
 * problem for a failure (never a stack trace), exit 2 for bad usage.
 */
export class WhatsNextCli extends Cli<CliContext> {
  private failure: { readonly error: unknown } | null = null;

  override error(error: unknown): string {
    this.failure = { error };
    return '';
  }

  async runAndReport(argv: readonly string[], givenContext: CliContext): Promise<number> {
    this.failure = null;
    // Clipanion colours its help whatever the output is: only on a terminal, and never with NO_COLOR.
    const noColor = givenContext.env['NO_COLOR'];
    const colored = isTty(givenContext.stdout) && (noColor === undefined || noColor === '');
    const context: CliContext = colored ? givenContext : { ...givenContext, colorDepth: 1 };
    (this as { enableColors?: boolean }).enableColors = colored;
    let code: number;
    try {
      code = await this.run(bindRelativeRevision(argv), context);
    } catch (error) {
      this.failure = { error };
      code = 1;
    }
    if (this.failure === null) return code;
    const { error } = this.failure;
    if (isUsageError(error)) {
      context.stderr.write(`whatsnext: ${messageOf(error)}\nRun \`whatsnext --help\` (or \`whatsnext <command> --help\`) for usage.\n`);
      return 2;
    }
    context.stderr.write(`whatsnext: ${messageOf(error)}\n`);
    return 1;
  }
}
