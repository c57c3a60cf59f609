import type { ParserModule } from '../framework/parser.ts';
import { testParsers } from './test/index.ts';

/** Every parser the library ships. Each isolate builds its own Registry from this list. */
export const builtins: readonly ParserModule[] = [...testParsers];
