import { Command, Option } from 'clipanion';
import { usageError } from '../../shared/cli-failure.js';
import { findProject } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { retentionFlag, retentionOption } from '../../shared/retention-option.js';

export class ProjectsUpdateCommand extends NetworkedCommand {
  static override paths = [['projects', 'update']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: "Change a project's description or retention",
    details:
      'NAME is a project name or id. `--retention` says how long finished jobs stay: `keep` (forever, the default), a period such as `30d` (a background sweep deletes COMPLETED, FAILED and CANCELLED jobs that long after they finished), or `remove_on_complete` (a job is deleted as it completes). Tasks may set their own (`tasks update --retention`).',
    examples: [
      ['Keep finished jobs for a week', '$0 projects update demo --retention 7d'],
      ['Delete jobs as they complete', '$0 projects update demo --retention remove_on_complete'],
      ['A new description', '$0 projects update demo -d "spring sweep"'],
    ],
  });

  target = Option.String({ name: 'name' });
  description = Option.String('-d,--description', { description: 'What the project is for' });
  retention = retentionOption();
  json = jsonOption();

  async execute(): Promise<number> {
    if (this.description === undefined && this.retention === undefined) throw usageError('nothing to change: give --description or --retention');
    const client = this.client();
    const project = await this.need(findProject(client, this.target), `project '${this.target}'`);
    const changes = {
      ...(this.description === undefined ? {} : { description: this.description }),
      ...(this.retention === undefined ? {} : { retention: retentionFlag(this.retention) }),
    };
    const updated = await this.need(client.updateProject(project.id, changes), `cannot change project '${project.name}'`);
    if (this.json) this.writeJson(updated);
    else this.write(`Updated project ${updated.name} (id ${updated.id})${updated.retention === undefined ? '' : `: retention ${updated.retention}`}\n`);
    return 0;
  }
}
