import type { ParserModule } from '../framework/parser.ts';
import { cassandra } from './cassandra/index.ts';
import { kafka } from './kafka/index.ts';
import { memcache } from './memcache/index.ts';
import { r2d2 } from './r2d2/index.ts';
import { testParsers } from './test/index.ts';

/** Every parser the library ships. Each isolate builds its own Registry from this list. */
export const builtins: readonly ParserModule[] = [r2d2, memcache, cassandra, kafka, ...testParsers];
