import { Command, Option } from 'clipanion';
import { jsonOption, limitValidator, NetworkedCommand, oneOf } from '../../shared/networked-command.js';
import { renderTable, clip } from '../../shared/table.js';
import { paintStatus } from '../../shared/terminal.js';

export class ProjectsLsCommand extends NetworkedCommand {
  static override paths = [['projects', 'ls']];

  static override usage = Command.Usage({
    category: 'Projects',
    description: 'List projects',
    details: 'Active projects by default; `--status archived` or `--status all` for the others. Ordered by id.',
    examples: [
      ['Active projects', '$0 projects ls'],
      ['Every project, as JSON', '$0 projects ls --status all --json'],
    ],
  });

  status = Option.String('--status', 'active', { description: 'active, archived or all (default active)', validator: oneOf(['ACTIVE', 'ARCHIVED', 'ALL']) });
  limit = Option.String('-n,--limit', { description: 'At most this many (default 1000)', validator: limitValidator });
  json = jsonOption();

  async execute(): Promise<number> {
    const projects = await this.need(this.client().listProjects({ status: this.status.toUpperCase(), limit: this.limit ?? 1000 }));
    if (this.json) {
      this.writeJson(projects);
      return 0;
    }
    if (projects.length === 0) {
      this.note('No projects. Create one with: whatsnext projects create NAME');
      return 0;
    }
    const c = this.colors;
    this.write(renderTable(c, ['ID', 'NAME', 'STATUS', 'DESCRIPTION', 'CREATED'], projects.map((p) => [p.id, p.name, paintStatus(c, p.status), clip(p.description, 50), p.created_at])));
    return 0;
  }
}
