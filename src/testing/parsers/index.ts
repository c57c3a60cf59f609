import type { ParserModule } from '../../framework/parser.ts';
import { faulty } from './faulty.ts';
import { framepasser } from './framepasser.ts';
import { nop } from './nop.ts';
import { panicparser } from './panicparser.ts';
import { viewkeeper } from './viewkeeper.ts';

/** Parsers that exist only in the test bundle, enabled one by one with the registerParser command. */
export const testOnlyParsers: ReadonlyMap<string, ParserModule> = new Map(
  [panicparser, nop, framepasser, faulty, viewkeeper].map((module) => [module.name, module]),
);
