import { Command } from 'clipanion';
import type { CliContext } from '../cli-context.js';

/** `-V`, `-v` or `--version`: the version, as the original's `-V/--version` and clipanion's `-v`. */
export class VersionCommand extends Command<CliContext> {
  static override paths = [['-V'], ['-v'], ['--version']];

  static override usage = Command.Usage({ description: 'Print the version and exit' });

  async execute(): Promise<number> {
    this.context.stdout.write(`${this.cli.binaryVersion ?? 'unknown'}\n`);
    return 0;
  }
}
