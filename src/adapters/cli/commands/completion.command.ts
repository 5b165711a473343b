import { Command, Option } from 'clipanion';
import type { CliContext } from '../cli-context.js';
import { bashCompletion, completableCommands, zshCompletion } from '../shared/completion-scripts.js';
import { oneOf } from '../shared/networked-command.js';

const SHELLS = ['BASH', 'ZSH'] as const;
/** The package installs the same program as `wnxt` too. */
const ALIASES = ['wnxt'];

export class CompletionCommand extends Command<CliContext> {
  static override paths = [['completion']];

  static override usage = Command.Usage({
    description: 'Print a shell completion script (bash or zsh)',
    details: 'Completes the commands and each command\'s options, from the commands this version has, for `whatsnext` and `wnxt`.',
    examples: [
      ['bash: add to ~/.bashrc', 'source <($0 completion bash)'],
      ['zsh: add to ~/.zshrc, after compinit', 'source <($0 completion zsh)'],
    ],
  });

  shell = Option.String({ name: 'shell', validator: oneOf(SHELLS) });

  async execute(): Promise<number> {
    const commands = completableCommands(this.cli.definitions());
    const binary = this.cli.binaryName;
    this.context.stdout.write(this.shell.toUpperCase() === 'BASH' ? bashCompletion(binary, commands, ALIASES) : zshCompletion(binary, commands, ALIASES));
    return 0;
  }
}
