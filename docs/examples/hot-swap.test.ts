// The hot-swap example: migrate() carries a connection's count over, and declines state it does not
// know. The swap itself is played here by hand, at a frame boundary, as the runtime does it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from '../../src/framework/connection.ts';
import type { Parser, ParserModule } from '../../src/framework/parser.ts';
import { NOP } from '../../src/framework/types.ts';
import { checkOnData, createHarness } from '../../src/testing/harness.ts';
import { lineCount, selfCheck } from './hot-swap.ts';

const policy = [{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80, rules: [
  { l7Proto: 'example.linecount', l7Rules: { l7AllowRules: [{ rule: { maxRequests: '2' } }] } }] }] }];

/** The module as the harness sees it, with a handle to swap the parser of the open connection. */
function swappable() {
  const live: { conn?: Connection; parser?: Parser } = {};
  const module: ParserModule = {
    ...lineCount,
    create(conn) {
      live.conn = conn;
      live.parser = lineCount.create(conn) ?? undefined;
      return { onData: (reply, end, input) => live.parser!.onData(reply, end, input) };
    },
  };
  return { module, live };
}

describe('hot swap example', () => {
  it('a migrated connection keeps its count', () => {
    const { module, live } = swappable();
    const conn = createHarness({ modules: [module] }).connect('example.linecount', { policy });
    checkOnData(conn, { data: ['one\n'], ops: [['PASS', 4]] });
    const next = lineCount.migrate!(live.parser!, live.conn!);
    assert.notEqual(next, null);
    live.parser = next!;
    checkOnData(conn, { data: ['two\nthree\n'], ops: [['PASS', 4], ['DROP', 6]] });
  });

  it('a parser without a known handover keeps the connection', () => {
    const { live } = swappable();
    assert.equal(lineCount.migrate!({ onData: () => NOP }, live.conn!), null);
    const future = { onData: () => NOP, handover: () => ({ stateVersion: 2, requests: 1 }) };
    assert.equal(lineCount.migrate!(future, live.conn!), null);
  });

  it('passes its self-check, and its rules refuse what they cannot enforce', () => {
    selfCheck();
    const refused = createHarness({ modules: [lineCount] }).insertPolicy([{ endpointIps: ['1.1.1.1'], ingressPerPortPolicies: [{ port: 80,
      rules: [{ l7Proto: 'example.linecount', l7Rules: { l7AllowRules: [{ rule: { maxRequests: 'many' } }] } }] }] }]);
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /example\.linecount: expected \{maxRequests/);
  });
});
