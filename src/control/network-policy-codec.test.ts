import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NETWORK_POLICY_TYPE_URL } from '../proto/xds-types.ts';
import { firstEndpointIpHint, resourceText } from '../policy/policy-text.ts';
import { networkPoliciesFromAny, networkPoliciesToAny } from './network-policy-codec.ts';

describe('NetworkPolicy resources from NPDS', () => {
  it('come out with their endpoint IPs first, so workers find unchanged ones by text alone', () => {
    const policy = { endpointId: '7', egressPerPortPolicies: [{ port: 53 }], endpointIps: ['10.0.0.1', 'f00d::1'] };
    const [decoded] = networkPoliciesFromAny(NETWORK_POLICY_TYPE_URL, networkPoliciesToAny([policy]));
    assert.equal(Object.keys(decoded as object)[0], 'endpointIps');
    assert.equal(firstEndpointIpHint(resourceText(decoded)), '10.0.0.1');
  });
});
