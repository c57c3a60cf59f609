// The policy file of the guide's manual test says what the guide says it does.
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readPolicyFile } from '../../src/policy/local-file.ts';
import { checkOnData, createHarness } from '../../src/testing/harness.ts';

const policy = readPolicyFile(fileURLToPath(new URL('./r2d2-policy.yaml', import.meta.url)));
/** As the demo's Envoy presents a loopback client of the upstream 127.0.0.1:7000. */
const asDemo = { policy, policyName: '127.0.0.1', dstAddr: '127.0.0.1:7000', srcAddr: '127.0.0.1:40000' };

describe('docs/examples/r2d2-policy.yaml', () => {
  it('allows READ under /public/ and HALT, denies the rest and anything naming a secret', () => {
    const conn = createHarness().connect('r2d2', { ...asDemo, srcId: 7 });
    checkOnData(conn, { data: ['READ /public/a\r\nHALT\r\nREAD /private/b\r\n'], ops: [['PASS', 16], ['PASS', 6], ['DROP', 17], ['MORE', 1]] });
    checkOnData(conn, { reply: true, data: ['DATA /public/a\r\nOK\r\n'], ops: [['PASS', 16], ['PASS', 4], ['INJECT', 7]], replyInject: 'ERROR\r\n' });
    checkOnData(conn, { data: ['READ /public/secret\r\n'], ops: [['DROP', 21], ['MORE', 1]], replyInject: 'ERROR\r\n' });
  });

  it('denies everything to clients of another identity', () => {
    const conn = createHarness().connect('r2d2', { ...asDemo, srcId: 2 });
    checkOnData(conn, { data: ['HALT\r\n'], ops: [['DROP', 6], ['MORE', 1]], replyInject: 'ERROR\r\n' });
  });
});
