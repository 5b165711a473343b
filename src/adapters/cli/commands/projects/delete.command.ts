import { Command, Option } from 'clipanion';
import { findProject } from '../../shared/lookups.js';
import { forceOption, NetworkedCommand } from '../../shared/networked-command.js';
import { confirmDeletion } from '../../shared/confirmation.js';

export class ProjectsDeleteCommand extends NetworkedCommand {
  static override paths = [['projects', 'delete']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'Delete a project with its tasks and jobs',
    details: 'NAME is a project name or id. It cannot be undone: asks y/N on a terminal, needs --force elsewhere.',
    examples: [['Delete the project demo', '$0 projects delete demo --force']],
  });

  target = Option.String({ name: 'name' });
  force = forceOption();

  async execute(): Promise<number> {
    const client = this.client();
    const project = await this.need(findProject(client, this.target), `project '${this.target}'`);
    await confirmDeletion(this.context, this.force, `deleting project '${project.name}' with its tasks and jobs`);
    await this.need(client.deleteProject(project.id), `cannot delete project '${project.name}'`);
    this.write(`Deleted project ${project.name} (id ${project.id})\n`);
    return 0;
  }
}
