import { Command, Option } from 'clipanion';
import { NetworkedCommand } from '../../shared/networked-command.js';

export class ClientsDeactivateCommand extends NetworkedCommand {
  static override paths = [['clients', 'deactivate']];

  static override usage = Command.Usage({
    category: 'Clients (workers)',
    description: 'Mark a worker inactive',
    details: 'It stays registered (`clients ls --all`); registering again reactivates it.',
    examples: [['Deactivate gpu-node-1', '$0 clients deactivate gpu-node-1']],
  });

  id = Option.String({ name: 'id' });

  async execute(): Promise<number> {
    await this.need(this.client().deactivateClient(this.id), `client '${this.id}'`);
    this.write(`Deactivated client ${this.id}\n`);
    return 0;
  }
}
