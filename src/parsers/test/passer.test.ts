import { describe, it } from 'node:test';
import { checkOnData, createHarness } from '../../testing/harness.ts';

describe('test.passer', () => {
  it('rejects policy name "invalid-policy"', () => {
    createHarness().connect('test.passer', { policyName: 'invalid-policy', expectResult: 'POLICY_DROP' });
  });

  it('passes all it is given in one PASS, in both directions; NOP on nothing', () => {
    const harness = createHarness();
    const conn = harness.connect('test.passer');
    checkOnData(conn, { data: ['abc', 'defg'], ops: [['PASS', 7]] });
    checkOnData(conn, { reply: true, data: ['x'], ops: [['PASS', 1]] });
    checkOnData(conn, { data: [], ops: [] });
    harness.close(conn);
    harness.assertNoOpenConnections();
  });
});
