import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from './errors.ts';
import {
  firstEndpointIpHint, formatPolicyText, parsedResourceTexts, resourceText, resourceTexts, splitPolicyText,
} from './policy-text.ts';

const resources = [
  { endpointIps: ['10.0.0.1', 'f00d::1'], ingressPerPortPolicies: [{ port: 80 }] },
  // Line breaks, commas and brackets inside strings are escaped or quoted: they never split a resource.
  { endpointIps: ['10.0.0.2'], egressPerPortPolicies: [{ port: 1, rules: [{ name: 'a\n,\nb]\n' }] }] },
  { endpointIps: ['10.0.0.3'], note: 'naïve ✓' },
];

describe('published policy text', () => {
  it('is a JSON array of the resources, one per line, that splits back into their texts', () => {
    const texts = resourceTexts(resources);
    const json = formatPolicyText(texts);
    assert.deepEqual(JSON.parse(json), resources);
    assert.deepEqual(splitPolicyText(json), texts);
    assert.deepEqual(json.split('\n').filter((_, i) => i % 2 === 0), ['[', ',', ',', ']']);
  });

  it('of no resources is [], which has no layout to split', () => {
    assert.equal(formatPolicyText([]), '[]');
    assert.equal(splitPolicyText('[]'), null);
    assert.deepEqual(parsedResourceTexts('[]'), []);
    assert.deepEqual(parsedResourceTexts(''), []);
  });

  it('in another layout is not split, and parses whole into the same texts', () => {
    const texts = resourceTexts(resources);
    for (const json of [JSON.stringify(resources), JSON.stringify(resources, null, 2), '[\n]', '[\n{}\n,\n{}\n,\n]']) {
      assert.equal(splitPolicyText(json), null, json);
    }
    assert.deepEqual(parsedResourceTexts(JSON.stringify(resources, null, 2)), texts);
    assert.throws(() => parsedResourceTexts('{}'), TypeError);
  });

  it('that only looks like the layout splits into pieces that are not JSON', () => {
    // A hand-written array whose one resource has a comma line inside: the caller must notice.
    const json = '[\n{"endpointIps":["10.0.0.1"],"ingressPerPortPolicies":[{"port":80}\n,\n{"port":81}]}\n]';
    const pieces = splitPolicyText(json);
    assert.equal(pieces?.length, 2);
    assert.throws(() => JSON.parse(pieces![0]), SyntaxError);
    assert.equal(JSON.parse(json).length, 1);
  });
});

describe('resourceText', () => {
  it('writes the endpoint IPs first, moving them when a resource lists them later', () => {
    assert.equal(resourceText({ endpointIps: ['1.1.1.1'], endpointId: 1 }), '{"endpointIps":["1.1.1.1"],"endpointId":1}');
    assert.equal(resourceText({ endpointId: 1, endpointIps: ['1.1.1.1'] }), '{"endpointIps":["1.1.1.1"],"endpointId":1}');
    assert.equal(resourceText({ endpoint_id: 1, endpoint_ips: ['1.1.1.1'] }), '{"endpoint_ips":["1.1.1.1"],"endpoint_id":1}');
    const bare = Object.assign(Object.create(null), { a: 1, endpointIps: ['1.1.1.1'] });
    assert.equal(resourceText(bare), '{"endpointIps":["1.1.1.1"],"a":1}');
  });

  it('leaves everything else as JSON.stringify writes it', () => {
    assert.equal(resourceText({ a: 1 }), '{"a":1}');
    assert.equal(resourceText(['x']), '["x"]');
    assert.equal(resourceText('text'), '"text"');
    assert.equal(resourceText(undefined), 'null', 'as an array element');
    class Custom { endpointId = 1; endpointIps = ['1.1.1.1']; }
    assert.equal(resourceText(new Custom()), '{"endpointId":1,"endpointIps":["1.1.1.1"]}');
  });

  it('rejects a resource JSON cannot represent, with its index', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [{ endpointId: 1n }, cycle]) {
      assert.throws(() => resourceTexts([{}, bad]), (e) => e instanceof PolicyError && e.code === 'MALFORMED' && e.path === '[1]');
    }
  });
});

describe('firstEndpointIpHint', () => {
  it('reads the first IP from the start of a text written by resourceText', () => {
    assert.equal(firstEndpointIpHint(resourceText({ endpointIps: ['10.0.0.1', 'f00d::1'] })), '10.0.0.1');
    assert.equal(firstEndpointIpHint('{"endpoint_ips":["f00d::1"]}'), 'f00d::1');
  });

  it('gives nothing for other starts or an escaped IP', () => {
    for (const text of ['{"endpointId":1,"endpointIps":["1.1.1.1"]}', '{"endpointIps":[]}', '{ "endpointIps":["1.1.1.1"]}',
                        '{"endpointIps":["1.1.1.\\u0031"]}', '{"endpointIps":["1.1', 'null']) {
      assert.equal(firstEndpointIpHint(text), null, text);
    }
  });
});
