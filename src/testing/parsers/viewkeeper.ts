import type { Parser, ParserModule } from '../../framework/parser.ts';
import { NOP, pass } from '../../framework/types.ts';

/**
 * test.viewkeeper: passes everything, and keeps a view of each call's input past the call — what a
 * careless parser might do. The tests read `keptViews` afterwards to check that a view of Envoy's
 * memory no longer reaches it.
 */
export const keptViews: Uint8Array[] = [];

const keeper: Parser = {
  onData(_reply, _endStream, input) {
    if (input.length === 0) return NOP;
    keptViews.push(input.view(0, input.length));
    return pass(input.length);
  },
};

export const viewkeeper: ParserModule = { name: 'test.viewkeeper', create: () => keeper };
