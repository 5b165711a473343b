import { existsSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import type { CliContext } from '../cli-context.js';
import { configTargetIn, configYaml, writeConfigFile } from '../config/config-file.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config/connection-settings.js';
import { CliFailure, usageError } from '../shared/cli-failure.js';
import { portValidator } from '../shared/networked-command.js';
import { askWithDefault, askYesNo, isInteractive } from '../shared/terminal-prompt.js';

export class InitCommand extends Command<CliContext> {
  static override paths = [['init']];

  static override usage = Command.Usage({
    description: 'Write a .whatsnext configuration file here',
    details: `
      Writes \`.whatsnext\` (YAML: \`server.host\`, \`server.port\`, \`server.api_key\` when given,
      and \`project\`, as the original WhatsNext reads it) in the current directory. Every other command looks for it here, then in the parent
      directories up to your home directory, then in \`~/.whatsnext\`. When \`.whatsnext\` is a
      directory (the server's embedded database lives in \`.whatsnext/data\`), the file is
      \`.whatsnext/config.yaml\`. A file holding an API key is made readable by you only.

      Flags and the environment (\`WHATSNEXT_SERVER\`, \`WHATSNEXT_PORT\`, \`WHATSNEXT_PROJECT\`,
      \`WHATSNEXT_API_KEY\`) still win over the file. No request is made.

      On a terminal, asks for the server, port and project the flags did not give (the default in
      brackets) and whether to replace an existing file; elsewhere it takes the defaults, needs
      \`--project\`, and \`--force\` to replace a file.
    `,
    examples: [
      ['Use the local server (127.0.0.1:8000) and the project demo', '$0 init --project demo'],
      ['Use a shared server with an API key', '$0 init --server queue.example.org --port 9000 --project vision --api-key s3cret'],
      ['Replace an existing file', '$0 init --project other --force'],
    ],
  });

  project = Option.String('-P,--project', { description: 'The project the commands work on (asked on a terminal when not given)' });
  server = Option.String('-s,--server', { description: 'Server host or http:// URL (default 127.0.0.1; asked on a terminal)' });
  port = Option.String('-p,--port', { description: 'Server port (default 8000; asked on a terminal)', validator: portValidator });
  apiKey = Option.String('-k,--api-key', { description: 'API key to send as X-API-Key' });
  force = Option.Boolean('-f,--force', false, { description: 'Overwrite an existing file' });

  async execute(): Promise<number> {
    const path = configTargetIn(process.cwd());
    const interactive = isInteractive(this.context);
    if (existsSync(path) && !this.force) {
      if (!interactive) throw new CliFailure(`${path} already exists: add --force to replace it`);
      if (!(await askYesNo(this.context, `${path} already exists. Replace it?`))) throw new CliFailure(`aborted: ${path} is unchanged`);
    }
    const settings = interactive ? await this.asked() : { server: this.server ?? DEFAULT_HOST, port: this.port ?? DEFAULT_PORT, project: this.project };
    if (settings.project === undefined || settings.project === '') throw usageError('init needs a project: pass --project NAME');
    writeConfigFile(path, configYaml({ host: settings.server, port: settings.port, project: settings.project, apiKey: this.apiKey }), this.apiKey !== undefined);
    this.context.stdout.write(`Wrote ${path}\n`);
    return 0;
  }

  /** On a terminal, what the flags did not give, asked with the defaults in brackets (as the original's init). */
  private async asked(): Promise<{ server: string; port: number; project: string | undefined }> {
    const server = this.server ?? (await askWithDefault(this.context, 'Server host', DEFAULT_HOST));
    let port = this.port;
    while (port === undefined) {
      const answer = await askWithDefault(this.context, 'Server port', String(DEFAULT_PORT));
      if (/^\d+$/.test(answer) && Number(answer) >= 1 && Number(answer) <= 65535) port = Number(answer);
      else this.context.stdout.write(`'${answer}' is not a port from 1 to 65535\n`);
    }
    const project = this.project ?? (await askWithDefault(this.context, 'Project', undefined));
    return { server, port, project };
  }
}
