import { Command, Option } from 'clipanion';
import { jsonOption, limitValidator, NetworkedCommand } from '../../shared/networked-command.js';
import { renderTable } from '../../shared/table.js';

export class ClientsLsCommand extends NetworkedCommand {
  static override paths = [['clients', 'ls']];

  static override usage = Command.Usage({
    category: 'Clients (workers)',
    description: 'List registered workers',
    details: 'Active workers by default; `--all` includes deactivated ones.',
    examples: [
      ['Active workers', '$0 clients ls'],
      ['All of them, as JSON', '$0 clients ls --all --json'],
    ],
  });

  all = Option.Boolean('-a,--all', false, { description: 'Include deactivated workers' });
  limit = Option.String('-n,--limit', { description: 'At most this many (default 1000)', validator: limitValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const clients = await this.need(this.client().listClients({ activeOnly: !this.all, limit: this.limit ?? 1000 }));
    if (this.json) {
      this.writeJson(clients);
      return 0;
    }
    if (clients.length === 0) {
      this.note(this.all ? 'No workers registered.' : 'No active workers (--all shows deactivated ones).');
      return 0;
    }
    const c = this.colors;
    this.write(
      renderTable(
        c,
        ['ID', 'NAME', 'ENTITY', 'CPU', 'ACCEL', 'MEMORY', 'ACTIVE', 'LAST HEARTBEAT'],
        clients.map((w) => [w.id, w.name, w.entity, w.available_cpu, w.available_accelerators, w.available_memory_mb ? `${w.available_memory_mb}M` : '-', w.is_active ? c.green('yes') : c.dim('no'), w.last_heartbeat]),
      ),
    );
    return 0;
  }
}
