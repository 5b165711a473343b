import { Command, Option } from 'clipanion';
import { forceOption, NetworkedCommand } from '../../shared/networked-command.js';
import { confirmDeletion } from '../../shared/confirmation.js';

export class ClientsDeleteCommand extends NetworkedCommand {
  static override paths = [['clients', 'delete']];

  static override usage = Command.Usage({
    category: 'Clients (workers)',
    description: 'Remove a worker from the registry',
    details: 'Asks y/N on a terminal; needs --force elsewhere.',
    examples: [['Delete gpu-node-1', '$0 clients delete gpu-node-1 --force']],
  });

  id = Option.String({ name: 'id' });
  force = forceOption();

  async execute(): Promise<number> {
    await confirmDeletion(this.context, this.force, `deleting client '${this.id}'`);
    await this.need(this.client().deleteClient(this.id), `client '${this.id}'`);
    this.write(`Deleted client ${this.id}\n`);
    return 0;
  }
}
