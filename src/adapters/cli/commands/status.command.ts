import { Command } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import { jsonOption, NetworkedCommand } from '../shared/networked-command.js';
import { renderFields } from '../shared/table.js';
import { paintStatus } from '../shared/terminal.js';

const tally = (byStatus: Readonly<Record<string, number>>): string =>
  Object.entries(byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');

export class StatusCommand extends NetworkedCommand {
  static override paths = [['status']];

  static override usage = Command.Usage({
    description: 'Show the server, the project and its queue at a glance',
    details: `
      Checks the server (\`GET /\`) and its database (\`GET /checkdb\`), then shows the configured
      project with its job counts by status, and how many workers are active. Exits 1 when the
      server cannot be reached.
    `,
    examples: [
      ['Where things stand', '$0 status'],
      ['The same, for a script', '$0 status --json'],
    ],
  });

  json = jsonOption();

  async execute(): Promise<number> {
    const client = this.client();
    const settings = this.settings();
    await this.need(client.health());
    const db = await client.checkDatabase();
    const database = E.isRight(db) && db.right.status === 200 ? 'connected' : 'unavailable';
    const projectName = settings.project;
    let project: { id: number; name: string; status: string } | null = null;
    let jobs: { total: number; by_status: Record<string, number> } | null = null;
    let projectProblem: string | null = null;
    if (projectName !== null) {
      const found = await client.getProjectByName(projectName);
      if (E.isRight(found)) {
        project = { id: found.right.id, name: found.right.name, status: found.right.status };
        const stats = await client.stats(found.right.id);
        if (E.isRight(stats)) jobs = { total: stats.right.total, by_status: stats.right.by_status };
      } else {
        projectProblem = found.left.message;
      }
    }
    const all = await this.need(client.listClients({ activeOnly: false, limit: 10_000 }));
    const workers = { registered: all.length, active: all.filter((c) => c.is_active === 1).length };
    if (this.json) {
      this.writeJson({ server: settings.baseUrl, healthy: true, database, config_file: settings.configFile, project, project_error: projectProblem, jobs, workers });
      return 0;
    }
    const c = this.colors;
    this.write(
      renderFields(c, [
        ['Server', `${settings.baseUrl} ${c.green('healthy')}, database ${database === 'connected' ? c.green(database) : c.red(database)}`],
        ['Config', settings.configFile ?? '(no .whatsnext file)'],
        ['Project', project ? `${project.name} (id ${project.id}, ${paintStatus(c, project.status)})` : projectName === null ? '(none: pass --project or run whatsnext init)' : c.red(`${projectName}: ${projectProblem}`)],
        ...(jobs ? [['Jobs', jobs.total === 0 ? 'none' : `${jobs.total}: ${tally(jobs.by_status)}`] as const] : []),
        ['Workers', `${workers.active} active, ${workers.registered} registered`],
      ]),
    );
    return 0;
  }
}
