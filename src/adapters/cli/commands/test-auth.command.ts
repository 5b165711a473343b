import { Command, Option } from 'clipanion';
import * as E from 'fp-ts/lib/Either.js';
import { WhatsNextClient } from '../../client/whatsnext-client.js';
import { CliFailure } from '../shared/cli-failure.js';
import { jsonOption, NetworkedCommand } from '../shared/networked-command.js';
import { renderTable } from '../shared/table.js';

interface Probe {
  readonly path: string;
  readonly withKey: boolean;
  readonly status: number | null;
  readonly ok: boolean;
  readonly detail: string;
}

export class TestAuthCommand extends NetworkedCommand {
  static override paths = [['test-auth']];

  static override usage = Command.Usage({
    description: 'Check the connection and the API key',
    details: `
      Calls \`GET /\` and \`GET /checkdb\` (always open), then \`GET /projects/\` and
      \`GET /clients/\` with the API key (\`-k\`, else \`--api-key\`/\`WHATSNEXT_API_KEY\`/the file).
      Exits 0 when every call succeeds, 1 otherwise (401: no key sent, 403: wrong key).
    `,
    examples: [
      ['Check with the configured key', '$0 test-auth'],
      ['Check a given key', '$0 test-auth -k s3cret'],
    ],
  });

  override apiKey = Option.String('-k,--api-key', { description: 'API key to test (default: the configured one)' });
  json = jsonOption();

  async execute(): Promise<number> {
    const settings = this.settings();
    const open = new WhatsNextClient({ baseUrl: settings.baseUrl, timeoutMs: 5_000 });
    const keyed = new WhatsNextClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey ?? undefined, timeoutMs: 5_000 });
    const probes: Probe[] = [];
    const probe = async (client: WhatsNextClient, path: string, withKey: boolean, expect?: number[]) => {
      const answer = await client.transport.request('GET', path, { query: path === '/' || path === '/checkdb' ? {} : { limit: 1 }, ...(expect ? { expect } : {}) });
      probes.push(
        E.isRight(answer)
          ? { path, withKey, status: answer.right.status, ok: answer.right.status < 400, detail: 'ok' }
          : { path, withKey, status: answer.left._tag === 'ApiError' ? answer.left.status : null, ok: false, detail: answer.left._tag === 'ApiError' ? answer.left.detail : answer.left.message },
      );
      return E.isRight(answer) || answer.left._tag === 'ApiError';
    };
    if (!(await probe(open, '/', false))) throw new CliFailure(probes[0]!.detail);
    await probe(open, '/checkdb', false);
    await probe(keyed, '/projects/', settings.apiKey !== null);
    await probe(keyed, '/clients/', settings.apiKey !== null);
    const failed = probes.filter((p) => !p.ok);
    if (this.json) {
      this.writeJson({ server: settings.baseUrl, api_key_sent: settings.apiKey !== null, ok: failed.length === 0, checks: probes });
    } else {
      const c = this.colors;
      this.write(renderTable(c, ['REQUEST', 'KEY', 'STATUS', 'RESULT'], probes.map((p) => [`GET ${p.path}`, p.withKey ? 'sent' : '-', p.status ?? '-', p.ok ? c.green(p.detail) : c.red(p.detail)])));
    }
    if (failed.length > 0) {
      const first = failed[0]!;
      throw new CliFailure(`GET ${first.path} failed: ${first.detail}${first.status === null ? '' : ` (HTTP ${first.status})`}`);
    }
    return 0;
  }
}
