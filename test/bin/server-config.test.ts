import test from 'ava';
import { serverConfig } from '../../src/bin/server-config.js';

const configWith = (env: NodeJS.ProcessEnv) => serverConfig({ database: 'memory' }, env);

test('WHATSNEXT_UNLEASED_CLAIM_SECONDS: a day by default, 0 for never, else the seconds given', (t) => {
  t.is(configWith({}).unleasedClaimSeconds, 86_400);
  t.is(configWith({ WHATSNEXT_UNLEASED_CLAIM_SECONDS: '0' }).unleasedClaimSeconds, null);
  t.is(configWith({ WHATSNEXT_UNLEASED_CLAIM_SECONDS: '3600' }).unleasedClaimSeconds, 3600);
  for (const text of ['-1', 'a day', 'Infinity']) {
    t.throws(() => configWith({ WHATSNEXT_UNLEASED_CLAIM_SECONDS: text }), {
      message: `WHATSNEXT_UNLEASED_CLAIM_SECONDS must be a positive number, got '${text}'.`,
    });
  }
});
