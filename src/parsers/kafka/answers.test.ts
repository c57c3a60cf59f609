// Every API key we know, in every version we answer: a denied request is dropped and answered with
// its correlation id, the response header its version calls for, a body that is exactly the
// response layout of that version, and an authorization error kafkajs knows by name. Versions and
// APIs we cannot answer close the connection; a newer ApiVersions gets UNSUPPORTED_VERSION.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { afterEach, before, describe, it } from 'node:test';
import { checkOnData, createHarness, type Harness, type TestConnection } from '../../testing/harness.ts';
import { readSlices } from '../../testing/read-slices.ts';
import { ALL_APIS, ErrorCode, type ApiSchema } from './apis/index.ts';
import { decodeBody } from './schema.ts';
import { kafkaPolicy, request, response } from './test-frames.ts';
import { sampleBody } from './test-requests.ts';
import { WireReader } from './wire.ts';

const require = createRequire(import.meta.url);
const { errorCodes } = require('kafkajs/src/protocol/error.js') as { errorCodes: Array<{ code: number; type: string }> };
const AUTHORIZATION_ERRORS = new Set(['TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'SASL_AUTHENTICATION_FAILED', 'DELEGATION_TOKEN_AUTHORIZATION_FAILED']);

let harness: Harness;
const DENY_ALL = kafkaPolicy({ apiKeys: [99] });

function denied(api: ApiSchema, version: number, correlationId: number): string {
  const flexible = version >= api.flexibleFrom;
  return request(api.key, version, correlationId, (w) => {
    if (api.request) sampleBody(w, api.request, version, flexible);
    else w.i32(0);
  }, { flexible });
}

/** Sends `frame` on a fresh connection; returns what it injected towards the client. */
function answer(frame: string): { ops: unknown; sent: Buffer } {
  let result = { ops: undefined as unknown, sent: Buffer.alloc(0) };
  onDenyingConnection((c) => {
    const out = harness.bridge.onData(c.slot, false, false, [Buffer.from(frame, 'latin1')], 2);
    result = { ops: out.ops, sent: Buffer.from(harness.bridge.injected(c.slot, true)) };
  });
  return result;
}

/** Reads `body` as the API's response layout; true when it fits exactly. */
function fitsLayout(api: ApiSchema, version: number, body: Buffer): boolean {
  return readSlices([body], (r) =>
    decodeBody(new WireReader(r, 0, body.length), api.response!, version, version >= api.flexibleFrom) !== null);
}

/** A denying connection for `check`, closed after it. */
function onDenyingConnection(check: (c: TestConnection) => void): void {
  const c = harness.connect('kafka', { policy: DENY_ALL });
  check(c);
  harness.close(c);
}

describe('kafka: every API key and version is answered', () => {
  before(() => {
    harness = createHarness();
  });
  afterEach(() => harness.assertNoOpenConnections());

  it('the table knows every key from 0 to 60, once', () => {
    assert.deepEqual(ALL_APIS.map((a) => a.key), Array.from({ length: 61 }, (_, k) => k));
  });

  for (const api of ALL_APIS.filter((a) => a.response !== null)) {
    it(`${api.key} ${api.name} v${api.versions[0]}–${api.versions[1]}`, () => {
      for (let version = api.versions[0]; version <= api.versions[1]; version++) {
        const at = `${api.name} v${version}`;
        const frame = denied(api, version, 0x01020304);
        const { ops, sent } = answer(frame);
        assert.deepEqual(ops, [[2, frame.length]], at);
        assert.equal(sent.readInt32BE(0), sent.length - 4, `${at}: size`);
        assert.equal(sent.readInt32BE(4), 0x01020304, `${at}: correlation id`);
        // Response header v1 (an empty tagged-field section) for flexible versions, except ApiVersions (always v0).
        const headerV1 = version >= api.flexibleFrom && api.key !== 18;
        if (headerV1) assert.equal(sent[8], 0, `${at}: header tagged fields`);
        const body = sent.subarray(headerV1 ? 9 : 8);
        assert.ok(fitsLayout(api, version, body), `${at}: body ${body.toString('hex')}`);
        const logged = harness.accessLog.at(-1)!.kafka!.errorCode;
        const known = errorCodes.find((e) => e.code === logged);
        assert.ok(known && AUTHORIZATION_ERRORS.has(known.type), `${at}: error ${logged}`);
      }
    });
  }

  it('a version beyond the table, and WriteTxnMarkers, close the connection (as Kafka does for versions it does not speak)', () => {
    for (const [key, version] of [[0, 12], [19, 8], [60, 3], [27, 0], [61, 0]]) {
      const frame = request(key, version, 9, (w) => w.i32(0));
      onDenyingConnection((c) => checkOnData(c, { data: [frame], ops: [['ERROR', 2]], opsCapacity: 1 }));
      assert.equal(harness.accessLog.at(-1)!.entryType, 'Denied');
    }
  });

  it('ApiVersions newer than we speak: UNSUPPORTED_VERSION with the versions we do, in a v0 response', () => {
    const frame = request(18, 9, 3, (w) => w.string('client', true).string('1.0', true), { flexible: true });
    const answer = '0023' + '00000001' + '0012' + '0000' + '0004';
    onDenyingConnection((c) => checkOnData(c, { data: [frame], ops: [['DROP', frame.length]], opsCapacity: 1,
      replyInject: response(3, Buffer.from(answer, 'hex').toString('latin1')) }));
    assert.equal(harness.accessLog.at(-1)!.kafka!.errorCode, ErrorCode.UNSUPPORTED_VERSION);
  });
});
