/**
 * A large parser bundle for bench/swap.ts: every built-in protocol (r2d2, memcache, cassandra, kafka
 * and the test parsers) plus test.versioned, as a team shipping all its parsers in one bundle would.
 */
import { builtins } from '../src/parsers/index.ts';
import { parsers as versioned } from '../test/hotswap/versioned-bundle.ts';

export const parsers = [...builtins, ...versioned];
