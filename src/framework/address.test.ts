import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDestinationPort, splitHostPort } from './address.ts';

describe('parseDestinationPort (Go net.SplitHostPort + ParseUint(port, 10, 32); 0 is invalid)', () => {
  const cases: Array<[string, number | null]> = [
    ['10.0.0.2:80', 80],
    ['[::1]:443', 443],
    ['[fe80::1%eth0]:8080', 8080],
    [':80', 80], // the host may be empty
    ['[]:80', 80],
    ['not-an-ip:80', 80], // the host is not validated
    ['1.1.1.1:00080', 80], // leading zeros
    ['1.1.1.1:4294967295', 4294967295],
    ['1.1.1.1:4294967296', null],
    ['10.0.0.2:0', null],
    ['10.0.0.2:000', null],
    ['10.0.0.2:XYZ', null],
    ['10.0.0.2', null],
    ['10.0.0.2:', null],
    ['10.0.0.2:+80', null],
    ['10.0.0.2:-1', null],
    ['10.0.0.2:8 0', null],
    ['10.0.0.2:８０', null], // digits outside ASCII
    ['::1:80', null], // IPv6 must be bracketed
    ['[::1]80', null],
    ['[::1]', null],
    ['[::1:80', null],
    ['[::1]]:80', null],
    ['[[::1]:80', null],
    ['a[b:80', null],
    ['ab]:80', null],
    ['[::1]:8]0', null],
    ['', null],
  ];
  for (const [addr, port] of cases) {
    it(`${JSON.stringify(addr)} → ${port ?? 'INVALID_ADDRESS'}`, () => {
      assert.equal(parseDestinationPort(addr), port);
    });
  }
});

describe('splitHostPort', () => {
  it('returns the host without brackets', () => {
    assert.deepEqual(splitHostPort('[2001:db8::1]:53'), { host: '2001:db8::1', port: '53' });
    assert.deepEqual(splitHostPort('example.com:http'), { host: 'example.com', port: 'http' });
  });
});
