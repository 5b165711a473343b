import { Command, Option } from 'clipanion';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { retentionFlag, retentionOption } from '../../shared/retention-option.js';

export class ProjectsCreateCommand extends NetworkedCommand {
  static override paths = [['projects', 'create']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'Create a project',
    details: 'Project names are unique: creating one that exists fails (exit 1).',
    examples: [
      ['A project', '$0 projects create demo'],
      ['With a description', '$0 projects create vision -d "image models, spring run"'],
      ['Keeping finished jobs for 30 days', '$0 projects create sweeps --retention 30d'],
    ],
  });

  name = Option.String({ name: 'name' });
  description = Option.String('-d,--description', '', { description: 'What the project is for' });
  retention = retentionOption(' (default keep)');
  json = jsonOption();

  async execute(): Promise<number> {
    const options = this.retention === undefined ? {} : { retention: retentionFlag(this.retention) };
    const project = await this.need(this.client().createProject(this.name, this.description, options), `cannot create project '${this.name}'`);
    if (this.json) this.writeJson(project);
    else this.write(`Created project ${project.name} (id ${project.id})\n`);
    return 0;
  }
}
