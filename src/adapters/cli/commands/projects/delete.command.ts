import { Command, Option } from 'clipanion';
import { findProject } from '../../shared/lookups.js';
import { forceOption, NetworkedCommand, requireForce } from '../../shared/networked-command.js';

export class ProjectsDeleteCommand extends NetworkedCommand {
  static override paths = [['projects', 'delete']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'Delete a project with its tasks and jobs',
    details: 'NAME is a project name or id. Needs --force: it cannot be undone.',
    examples: [['Delete the project demo', '$0 projects delete demo --force']],
  });

  target = Option.String({ name: 'name' });
  force = forceOption();

  async execute(): Promise<number> {
    requireForce(this.force, `deleting project '${this.target}' with its tasks and jobs`);
    const client = this.client();
    const project = await this.need(findProject(client, this.target), `project '${this.target}'`);
    await this.need(client.deleteProject(project.id), `cannot delete project '${project.name}'`);
    this.write(`Deleted project ${project.name} (id ${project.id})\n`);
    return 0;
  }
}
