/**
 * A filter config that cannot work is refused when Envoy loads it, with the reason in Envoy's log:
 * Envoy does not start on such a bootstrap, exactly as cilium-envoy refuses a bad proxylib config.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bootstrap, type FilterSettings } from './envoy/config.ts';
import { Envoy } from './envoy/envoy.ts';
import { LIBCILIUM } from './envoy/paths.ts';

async function refusal(filter: FilterSettings): Promise<string> {
  const config = bootstrap([{ name: 'bad', family: 'ipv4', upstream: { host: '127.0.0.1', port: 9 }, filter }]);
  try {
    const envoy = await Envoy.start({ config });
    await envoy.dispose();
  } catch (e) {
    return (e as Error).message;
  }
  return assert.fail('Envoy started on a bad filter config');
}

describe('bad filter configs are refused at load', () => {
  test('an unknown field', async () => {
    const why = await refusal({ library: LIBCILIUM, connection: { l7_proto: 'test.passer', colour: 'red' } });
    assert.match(why, /filter config "bad" rejected: connection: unknown field "colour"/);
  });

  test('a library that does not load', async () => {
    const why = await refusal({ library: '/nonexistent/libcilium.so', connection: { l7_proto: 'test.passer' } });
    assert.match(why, /rejected: cannot load proxylib library '\/nonexistent\/libcilium.so'/);
  });

  test('parameters OpenModule refuses', async () => {
    const why = await refusal({ library: LIBCILIUM, params: { 'no-such-key': 'x' }, connection: { l7_proto: 'test.passer' } });
    assert.match(why, /rejected: OpenModule of .*libcilium\.so rejected the parameters/);
  });
});
