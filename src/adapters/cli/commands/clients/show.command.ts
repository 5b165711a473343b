import { Command, Option } from 'clipanion';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderFields } from '../../shared/table.js';

export class ClientsShowCommand extends NetworkedCommand {
  static override paths = [['clients', 'show']];

  static override usage = Command.Usage({
    category: 'Clients (workers)',
    description: 'Show a worker',
    examples: [['Worker gpu-node-1', '$0 clients show gpu-node-1']],
  });

  id = Option.String({ name: 'id' });
  json = jsonOption();

  async execute(): Promise<number> {
    const w = await this.need(this.client().getClient(this.id), `client '${this.id}'`);
    if (this.json) {
      this.writeJson(w);
      return 0;
    }
    const c = this.colors;
    this.write(
      renderFields(c, [
        ['Client', `${w.name} (id ${w.id})`],
        ['Entity', w.entity],
        ['Description', w.description ?? '-'],
        ['CPU', w.available_cpu],
        ['Accelerators', w.available_accelerators],
        ['Memory', w.available_memory_mb ? `${w.available_memory_mb} MB` : '-'],
        ['Active', w.is_active ? c.green('yes') : c.dim('no')],
        ['Last heartbeat', w.last_heartbeat],
        ['Registered', w.created_at],
      ]),
    );
    return 0;
  }
}
