// The `policy-file` parameter: the embedded default when no Cilium agent serves NPDS.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { AddonBackend } from './addon-backend.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-policy-'));
const policy = [{
  endpointIps: ['10.0.0.9'],
  ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'test.headerparser', l7Rules: { l7AllowRules: [{ rule: { prefix: 'GET' } }] } }] }],
}];
const line = (s: string) => [new TextEncoder().encode(s)];
let nextConn = 500;

async function connect(backend: AddonBackend, file: string) {
  const module = await backend.openModule([['policy-file', file]], false);
  assert.notEqual(module, '0');
  const conn = String(nextConn++);
  const r = await backend.newConnection({ module, proto: 'test.headerparser', conn, ingress: true, srcId: 7, dstId: 8,
    srcAddr: '10.0.0.1:5000', dstAddr: '10.0.0.9:80', policyName: '10.0.0.9', bufSize: 1024 });
  assert.equal(r, FilterResult.OK);
  return { module, conn };
}

describe('policy-file parameter', () => {
  const backend = new AddonBackend();

  it('enforces the rules of a valid file', async () => {
    const file = path.join(dir, 'valid.json');
    writeFileSync(file, JSON.stringify(policy));
    const { module, conn } = await connect(backend, file);
    assert.deepEqual(await backend.onData(conn, false, false, line('GET /a\nPUT /b\n'), 16),
                     { result: FilterResult.OK, ops: [[Op.PASS, 7], [Op.DROP, 7]] });
    await backend.close(conn);
    await backend.closeModule(module);
  });

  it('accepts the DiscoveryResponse shape {"resources": [...]}', async () => {
    const file = path.join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify({ resources: policy }));
    const { module, conn } = await connect(backend, file);
    assert.deepEqual((await backend.onData(conn, false, false, line('GET /a\n'), 16)).ops, [[Op.PASS, 7]]);
    await backend.close(conn);
    await backend.closeModule(module);
  });

  it('denies everything when the file is invalid', async () => {
    const file = path.join(dir, 'invalid.json');
    writeFileSync(file, JSON.stringify([{ endpointIps: [] }]));
    const { module, conn } = await connect(backend, file);
    assert.deepEqual((await backend.onData(conn, false, false, line('GET /a\n'), 16)).ops, [[Op.DROP, 7]]);
    await backend.close(conn);
    await backend.closeModule(module);
  });
});
