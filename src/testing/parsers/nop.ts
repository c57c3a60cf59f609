import type { Parser, ParserModule } from '../../framework/parser.ts';
import { NOP } from '../../framework/types.ts';

/** test.nop: never decides anything, so every call ends with no ops. */
export const nop: ParserModule = {
  name: 'test.nop',
  create: () => neverDecides,
};

const neverDecides: Parser = {
  onData: () => NOP,
};
