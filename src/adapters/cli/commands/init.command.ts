import { existsSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import type { CliContext } from '../cli-context.js';
import { configTargetIn, configYaml, writeConfigFile } from '../config/config-file.js';
import { DEFAULT_HOST, DEFAULT_PORT } from '../config/connection-settings.js';
import { CliFailure } from '../shared/cli-failure.js';
import { portValidator } from '../shared/networked-command.js';

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
    `,
    examples: [
      ['Use the local server (127.0.0.1:8000) and the project demo', '$0 init --project demo'],
      ['Use a shared server with an API key', '$0 init --server queue.example.org --port 9000 --project vision --api-key s3cret'],
      ['Replace an existing file', '$0 init --project other --force'],
    ],
  });

  project = Option.String('-P,--project', { required: true, description: 'The project the commands work on' });
  server = Option.String('-s,--server', DEFAULT_HOST, { description: 'Server host or http:// URL (default 127.0.0.1)' });
  port = Option.String('-p,--port', { description: 'Server port (default 8000)', validator: portValidator });
  apiKey = Option.String('-k,--api-key', { description: 'API key to send as X-API-Key' });
  force = Option.Boolean('-f,--force', false, { description: 'Overwrite an existing file' });

  async execute(): Promise<number> {
    const path = configTargetIn(process.cwd());
    if (existsSync(path) && !this.force) throw new CliFailure(`${path} already exists: add --force to replace it`);
    writeConfigFile(path, configYaml({ host: this.server, port: this.port ?? DEFAULT_PORT, project: this.project, apiKey: this.apiKey }), this.apiKey !== undefined);
    this.context.stdout.write(`Wrote ${path}\n`);
    return 0;
  }
}
