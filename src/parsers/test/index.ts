import type { ParserModule } from '../../framework/parser.ts';
import { blockparser } from './blockparser.ts';
import { headerparser } from './headerparser.ts';
import { lineparser } from './lineparser.ts';
import { passer } from './passer.ts';

/** The test parsers Cilium ships in libcilium.so (used by its framework and Envoy integration tests). */
export const testParsers: readonly ParserModule[] = [passer, lineparser, blockparser, headerparser];
