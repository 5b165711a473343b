import { Command, Option } from 'clipanion';
import { findProject } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';

export class ProjectsArchiveCommand extends NetworkedCommand {
  static override paths = [['projects', 'archive']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'Archive a project (or bring it back with --undo)',
    details: 'An archived project is hidden from `projects ls` (see `--status archived`). NAME is a project name or id.',
    examples: [
      ['Archive the project demo', '$0 projects archive demo'],
      ['Make it active again', '$0 projects archive demo --undo'],
    ],
  });

  target = Option.String({ name: 'name' });
  undo = Option.Boolean('--undo', false, { description: 'Make the project active again' });
  json = jsonOption();

  async execute(): Promise<number> {
    const client = this.client();
    const project = await this.need(findProject(client, this.target), `project '${this.target}'`);
    const status = this.undo ? 'ACTIVE' : 'ARCHIVED';
    const updated = await this.need(client.updateProject(project.id, { status }), `cannot change project '${project.name}'`);
    if (this.json) this.writeJson(updated);
    else this.write(`${this.undo ? 'Reactivated' : 'Archived'} project ${updated.name} (id ${updated.id})\n`);
    return 0;
  }
}
