import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import { findProject } from '../../shared/lookups.js';
import { jsonOption, NetworkedCommand } from '../../shared/networked-command.js';
import { renderFields } from '../../shared/table.js';
import { paintStatus } from '../../shared/terminal.js';

export class ProjectsShowCommand extends NetworkedCommand {
  static override paths = [['projects', 'show']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'Show a project and its job counts',
    details: 'NAME is a project name or id; without it, the configured project.',
    examples: [
      ['The configured project', '$0 projects show'],
      ['Another one, as JSON', '$0 projects show vision --json'],
    ],
  });

  target = Option.String({ name: 'name', required: false });
  json = jsonOption();

  async execute(): Promise<number> {
    const client = this.client();
    const wanted = this.target ?? this.projectName();
    const project = await this.need(findProject(client, wanted), `project '${wanted}'`);
    const stats = await client.stats(project.id);
    const jobs = E.isRight(stats) ? { total: stats.right.total, by_status: stats.right.by_status } : null;
    if (this.json) {
      this.writeJson({ ...project, jobs });
      return 0;
    }
    const c = this.colors;
    const counts = jobs === null ? [] : Object.entries(jobs.by_status).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${paintStatus(c, s)}`);
    this.write(
      renderFields(c, [
        ['Project', `${project.name} (id ${project.id})`],
        ['Status', paintStatus(c, project.status)],
        ['Description', project.description],
        ['Retention', project.retention ?? 'keep'],
        ['Created', project.created_at],
        ['Updated', project.updated_at],
        ['Jobs', jobs === null ? '?' : jobs.total === 0 ? 'none' : `${jobs.total}: ${counts.join(', ')}`],
      ]),
    );
    return 0;
  }
}
