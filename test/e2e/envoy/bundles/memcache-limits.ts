/** Parser bundle: the built-in memcache parser rebuilt with a smaller line limit (a limits bundle). */
import { createMemcacheModule } from '../../../../src/parsers/memcache/index.ts';

export const parsers = [createMemcacheModule({ maxLineBytes: 128 * 1024 })];
