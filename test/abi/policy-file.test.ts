// The `policy-file` parameter: the embedded default when no Cilium agent serves NPDS. Loaded when the
// instance is created, validated like an NPDS update, reloaded when it changes (an invalid change is
// rejected and the old policy stays). Run through the plain-Node addon and through the real
// libcilium_testing.so, where the control runtime's own thread watches the file.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FilterResult, Op } from '../../src/framework/types.ts';
import { AddonBackend } from './addon-backend.ts';
import type { AbiBackend } from './backend.ts';
import { HarnessBackend } from './harness-backend.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-policy-'));
let files = 0;
const freshFile = (ext = 'json') => path.join(dir, `policy-${files++}.${ext}`);

/** test.headerparser lines starting with `prefix` pass on 10.0.0.9:80; everything else drops. */
const allow = (prefix: string) => [{
  endpointIps: ['10.0.0.9'],
  ingressPerPortPolicies: [{ port: 80, rules: [{ l7Proto: 'test.headerparser', l7Rules: { l7AllowRules: [{ rule: { prefix } }] } }] }],
}];
const line = (s: string) => [new TextEncoder().encode(s)];
let nextConn = 500;

function suite(name: string, start: () => Promise<AbiBackend>) {
  describe(`policy-file parameter (${name})`, () => {
    let backend: AbiBackend;
    before(async () => { backend = await start(); });
    after(() => backend.shutdown());

    async function open(file: string) {
      const module = await backend.openModule([['policy-file', file]], false);
      assert.notEqual(module, '0');
      const conn = String(nextConn++);
      const r = await backend.newConnection({ module, proto: 'test.headerparser', conn, ingress: true, srcId: 7, dstId: 8,
        srcAddr: '10.0.0.1:5000', dstAddr: '10.0.0.9:80', policyName: '10.0.0.9', bufSize: 1024 });
      assert.equal(r, FilterResult.OK);
      return { module, conn };
    }

    /** The ops for one line on the connection (the reply inject buffer is emptied, as Envoy would). */
    async function verdict(conn: string, text: string) {
      const out = await backend.onData(conn, false, false, line(text), 16);
      await backend.clearInject(conn, 'reply');
      assert.equal(out.result, FilterResult.OK);
      return out.ops;
    }

    /** Sends `text` until its verdict is `op` (the reload is asynchronous); fails after 5 s. */
    async function eventually(conn: string, text: string, op: Op) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const ops = await verdict(conn, text);
        if (ops[0]?.[0] === op) return;
        if (Date.now() > deadline) assert.fail(`"${text.trim()}" still ${JSON.stringify(ops)} after 5 s`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }

    async function closeAll(module: string, conn: string) {
      await backend.close(conn);
      await backend.closeModule(module);
    }

    it('enforces the rules of a valid file from the first connection on', async () => {
      const file = freshFile();
      writeFileSync(file, JSON.stringify(allow('GET')));
      const { module, conn } = await open(file);
      assert.deepEqual(await backend.onData(conn, false, false, line('GET /a\nPUT /b\n'), 16),
                       { result: FilterResult.OK, ops: [[Op.PASS, 7], [Op.DROP, 7]] });
      await closeAll(module, conn);
    });

    it('accepts the DiscoveryResponse shape, with Any-typed resources', async () => {
      const file = freshFile();
      writeFileSync(file, JSON.stringify({ resources: allow('GET').map((p) => ({ '@type': 'type.googleapis.com/cilium.NetworkPolicy', ...p })) }));
      const { module, conn } = await open(file);
      assert.deepEqual(await verdict(conn, 'GET /a\n'), [[Op.PASS, 7]]);
      await closeAll(module, conn);
    });

    it('reads YAML when the name ends in .yaml', async () => {
      const file = freshFile('yaml');
      writeFileSync(file, [
        '# the endpoint 10.0.0.9, HTTP-ish lines',
        '- endpoint_ips: [10.0.0.9]',
        '  ingress_per_port_policies:',
        '    - port: 80',
        '      rules:',
        '        - l7_proto: test.headerparser',
        '          l7_rules:',
        '            l7_allow_rules:',
        '              - rule: {prefix: GET}',
        '',
      ].join('\n'));
      const { module, conn } = await open(file);
      assert.deepEqual(await verdict(conn, 'GET /a\nPUT /b\n'), [[Op.PASS, 7], [Op.DROP, 7]]);
      await closeAll(module, conn);
    });

    it('denies everything when the file is invalid from the start', async () => {
      const file = freshFile();
      writeFileSync(file, JSON.stringify([{ endpointIps: [] }]));
      const { module, conn } = await open(file);
      assert.deepEqual(await verdict(conn, 'GET /a\n'), [[Op.DROP, 7]]);
      await closeAll(module, conn);
    });

    it('reloads a changed file: open connections follow from their next frame', async () => {
      const file = freshFile();
      writeFileSync(file, JSON.stringify(allow('GET')));
      const { module, conn } = await open(file);
      assert.deepEqual(await verdict(conn, 'PUT /b\n'), [[Op.DROP, 7]]);
      writeFileSync(file, JSON.stringify(allow('PUT')));
      await eventually(conn, 'PUT /b\n', Op.PASS);
      assert.deepEqual(await verdict(conn, 'GET /a\n'), [[Op.DROP, 7]]);
      // Replaced by rename, as editors and ConfigMap volumes do.
      const next = `${file}.new`;
      writeFileSync(next, JSON.stringify(allow('GET')));
      renameSync(next, file);
      await eventually(conn, 'GET /a\n', Op.PASS);
      await closeAll(module, conn);
    });

    it('rejects an invalid change and keeps the policy in force; a later valid change applies', async () => {
      const file = freshFile();
      writeFileSync(file, JSON.stringify(allow('GET')));
      const { module, conn } = await open(file);
      // Each invalid version gets longer than one poll interval (1 s) to be noticed; GET must keep
      // passing throughout. The valid change after them must then be the one that takes effect.
      const stillGet = async () => {
        for (let i = 0; i < 40; i++) {
          assert.deepEqual(await verdict(conn, 'GET /a\n'), [[Op.PASS, 7]]);
          await new Promise((r) => setTimeout(r, 30));
        }
      };
      writeFileSync(file, JSON.stringify([{ endpointIps: ['10.0.0.9'], ingressPerPortPolicies: [{ port: 80 }, { port: 80 }] }]));
      await stillGet();
      writeFileSync(`${file}.tmp`, '[{"endpointIps": ');
      renameSync(`${file}.tmp`, file);
      await stillGet();
      writeFileSync(file, JSON.stringify(allow('PUT')));
      await eventually(conn, 'PUT /b\n', Op.PASS);
      await closeAll(module, conn);
    });

    it('refuses xds-path and policy-file together (OpenModule returns 0)', async () => {
      const file = freshFile();
      writeFileSync(file, '[]');
      assert.equal(await backend.openModule([['policy-file', file], ['xds-path', path.join(dir, 'x.sock')]], false), '0');
    });

    it('shares an instance between OpenModule calls naming the same file, not different files', async () => {
      const a = freshFile();
      const b = freshFile();
      writeFileSync(a, '[]');
      writeFileSync(b, '[]');
      const m1 = await backend.openModule([['policy-file', a]], false);
      const m2 = await backend.openModule([['policy-file', a]], false);
      const m3 = await backend.openModule([['policy-file', b]], false);
      assert.equal(m1, m2);
      assert.notEqual(m1, m3);
      for (const m of [m1, m2, m3]) await backend.closeModule(m);
    });
  });
}

suite('addon', async () => new AddonBackend());
suite('libcilium_testing.so', () => HarnessBackend.start());
