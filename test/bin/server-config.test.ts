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

test('WHATSNEXT_TRUST_PROXY: off by default; true is one proxy; else how many', (t) => {
  t.is(configWith({}).http.trustedProxies, 0);
  t.is(configWith({ WHATSNEXT_TRUST_PROXY: 'false' }).http.trustedProxies, 0);
  t.is(configWith({ WHATSNEXT_TRUST_PROXY: 'TRUE' }).http.trustedProxies, 1);
  t.is(configWith({ WHATSNEXT_TRUST_PROXY: '2' }).http.trustedProxies, 2);
  for (const text of ['yes', '-1', '1.5']) {
    t.throws(() => configWith({ WHATSNEXT_TRUST_PROXY: text }), {
      message: `WHATSNEXT_TRUST_PROXY must be true, false, or how many proxies are in front (e.g. 1), got '${text}'.`,
    });
  }
});
