// The `access-log-file` parameter: every access-log entry also as one JSON line (cilium.LogEntry in
// the proto3 JSON mapping), next to the SOCK_SEQPACKET entries, written off the worker thread.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeLogEntry } from '../../src/accesslog/entry.ts';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { HarnessBackend } from './harness-backend.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-jsonlog-'));

async function linesOf(file: string, atLeast: number): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.length >= atLeast || Date.now() > deadline) return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('access-log-file parameter (libcilium_testing.so)', () => {
  let backend: HarnessBackend;
  let logPath = '';
  before(async () => {
    backend = await HarnessBackend.start();
    logPath = await backend.startAccessLog();
  });
  after(() => backend.shutdown());

  it('writes each entry as a JSON line with the fields of the SEQPACKET entry', async () => {
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify([{
      endpointIps: ['10.0.0.9'],
      ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'test.headerparser', l7Rules: { l7AllowRules: [{ rule: { prefix: 'GET' } }] } }] }],
    }]));
    const jsonLog = path.join(dir, 'access.jsonl');
    const module = await backend.openModule([['policy-file', policyFile], ['access-log-path', logPath], ['access-log-file', jsonLog]], false);
    assert.equal(await backend.newConnection({ module, proto: 'test.headerparser', conn: '77', ingress: true, srcId: 7, dstId: 8,
      srcAddr: '10.0.0.1:5000', dstAddr: '10.0.0.9:80', policyName: '10.0.0.9', bufSize: 1024 }), FilterResult.OK);
    const out = await backend.onData('77', false, false, [new TextEncoder().encode('GET /a\nPUT /b\n')], 16);
    assert.deepEqual(out.ops, [[Op.PASS, 7], [Op.DROP, 7]]);

    const packets = (await backend.takeAccessLog(2)).map(decodeLogEntry);
    const lines = await linesOf(jsonLog, 2);
    assert.equal(lines.length, 2);
    assert.deepEqual(lines, packets.map((p) => ({
      timestamp: p.timestampNs.toString(),
      isIngress: p.isIngress,
      entryType: p.entryType,
      policyName: p.policyName,
      sourceSecurityId: p.sourceSecurityId,
      destinationSecurityId: p.destinationSecurityId,
      sourceAddress: p.sourceAddress,
      destinationAddress: p.destinationAddress,
      genericL7: p.genericL7,
    })));
    assert.deepEqual(lines.map((l) => [l.entryType, (l.genericL7 as { fields: Record<string, string> }).fields.status]),
                     [['Request', 'PASS'], ['Denied', 'DROP']]);

    // Rotated away: the next entries go to a new file under the configured name.
    renameSync(jsonLog, `${jsonLog}.1`);
    await backend.onData('77', false, false, [new TextEncoder().encode('GET /c\n')], 16);
    await backend.takeAccessLog(1);
    assert.deepEqual((await linesOf(jsonLog, 1)).map((l) => l.entryType), ['Request']);
    await backend.close('77');
    await backend.closeModule(module);
  });
});
