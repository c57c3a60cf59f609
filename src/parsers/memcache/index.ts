import type { ParserModule } from '../../framework/parser.ts';
import { MemcacheParser } from './dispatcher.ts';
import { DEFAULT_MEMCACHE_LIMITS, type MemcacheLimits } from './limits.ts';
import type { MemcacheRequest } from './request.ts';
import { parseMemcacheRules } from './rules.ts';

/**
 * memcache: memcached's text protocol (classic and meta commands) and binary protocol, told apart by the
 * connection's first byte. Rules allow a command group, optionally only for keys that equal, start with
 * or match a value (see rules.ts), e.g.
 *   l7_proto: "memcache", l7_rules { l7_allow_rules { rule { key: "command" value: "get" } rule { key: "keyPrefix" value: "public/" } } }
 * A denied request is dropped and the client gets an error reply in its place (text: CLIENT_ERROR access
 * denied; binary: status 0x0008), after the replies to the requests before it.
 */
export function createMemcacheModule(limits: Partial<MemcacheLimits> = {}): ParserModule<MemcacheRequest> {
  const effective: MemcacheLimits = { ...DEFAULT_MEMCACHE_LIMITS, ...limits };
  return {
    name: 'memcache',
    create: (conn) => new MemcacheParser(conn, effective),
    parseRules: parseMemcacheRules,
  };
}

export const memcache: ParserModule<MemcacheRequest> = createMemcacheModule();
export { DEFAULT_MEMCACHE_LIMITS, type MemcacheLimits } from './limits.ts';
