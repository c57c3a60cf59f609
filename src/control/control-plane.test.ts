// The control plane on the in-memory bridge: NPDS updates compiled with the isolate's rule parsers and
// published, a rule with a pattern RE2 rejects NACKed, readiness reported, sources stopped on close.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { NpdsTestServer } from '../../test/support/npds-server.ts';
import type { ParserModule } from '../framework/parser.ts';
import { Registry } from '../framework/registry.ts';
import { compileRegex } from '../policy/regex.ts';
import { Runtime } from '../runtime/runtime.ts';
import { MemoryBridge } from '../testing/memory-bridge.ts';
import { addControlPlane } from './control-plane.ts';

/** A protocol whose rules are regular expressions ({pattern: …}), compiled at policy load. */
const regexRules: ParserModule<string> = {
  name: 'test.regex',
  create: () => null,
  parseRules: (rule) => (rule.l7Rules?.l7AllowRules ?? []).map((r) => {
    const re = compileRegex(r.rule.pattern ?? '');
    return { matches: (request: string) => re.test(request) };
  }),
};

const withPattern = (pattern: string) => [{
  endpointIps: ['10.1.1.1'],
  ingressPerPortPolicies: [{ port: 6379, rules: [{ l7Proto: 'test.regex', l7Rules: { l7AllowRules: [{ rule: { pattern } }] } }] }],
}];

function setup(params: Record<string, string>) {
  const bridge = new MemoryBridge();
  const runtime = new Runtime(bridge, new Registry([regexRules]));
  const plane = addControlPlane(runtime);
  bridge.register(runtime.handlers);
  const id = bridge.openModule('', params);
  return { bridge, runtime, plane, id };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), what);
}

describe('ControlPlane', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsproxylib-plane-'));
  const servers: NpdsTestServer[] = [];
  after(() => { for (const s of servers) s.kill(); });

  it('publishes what NPDS sends, compiled with the isolate\'s rule parsers, and NACKs a pattern RE2 rejects', async () => {
    const socket = path.join(dir, 'xds.sock');
    const server = await NpdsTestServer.start(socket);
    servers.push(server);
    const { bridge, id } = setup({ 'xds-path': socket });
    assert.deepEqual(bridge.control({ cmd: 'controlOpen', module: id }), { ok: true });
    await until(() => bridge.controlReadyCalls.includes(id), 'first attempt reported');
    const s = await server.stream(0);
    s.sendPolicies('1', 'a', withPattern('^GET /[a-z]+$'));
    assert.equal((await s.request(1)).hasErrorDetail, false);
    assert.deepEqual(JSON.parse(bridge.policy(id)!.json), [{
      endpointIps: ['10.1.1.1'],
      ingressPerPortPolicies: [{ port: 6379, rules: [{ l7Proto: 'test.regex', l7Rules: { l7AllowRules: [{ rule: { pattern: '^GET /[a-z]+$' } }] } }] }],
    }]);
    const published = bridge.policy(id)!.seq;

    s.sendPolicies('2', 'b', withPattern('(?<=GET) /a'));
    const nack = await s.request(2);
    assert.equal(nack.versionInfo, '1');
    assert.match(nack.errorMessage ?? '', /rejecting invalid policy .*invalid regular expression "\(\?<=GET\) \/a"/);
    assert.equal(bridge.policy(id)!.seq, published, 'nothing published');

    assert.deepEqual(bridge.control({ cmd: 'controlClose', module: id }), { ok: true });
    await s.clientGone();
  });

  it('loads a policy file and reports readiness at once', () => {
    const file = path.join(dir, 'policy.yaml');
    writeFileSync(file, [
      '- endpointIps: ["10.1.1.1"]',
      '  ingressPerPortPolicies:',
      '    - port: 6379',
      '      rules:',
      '        - l7Proto: test.regex',
      '          l7Rules: {l7AllowRules: [{rule: {pattern: "^PING$"}}]}',
      '',
    ].join('\n'));
    const { bridge, id, plane } = setup({ 'policy-file': file });
    assert.deepEqual(bridge.control({ cmd: 'controlOpen', module: id }), { ok: true });
    assert.deepEqual(bridge.controlReadyCalls, [id]);
    assert.equal(JSON.parse(bridge.policy(id)!.json)[0].ingressPerPortPolicies[0].rules[0].l7Rules.l7AllowRules[0].rule.pattern, '^PING$');
    assert.deepEqual(plane.openInstances, [id]);
    bridge.control({ cmd: 'controlClose', module: id });
    assert.deepEqual(plane.openInstances, []);
  });

  it('answers an error for a module native does not know, and still reports readiness', () => {
    const { bridge } = setup({});
    const answer = bridge.control({ cmd: 'controlOpen', module: 99 });
    assert.equal(answer.ok, false);
    assert.deepEqual(bridge.controlReadyCalls, [99]);
  });
});
