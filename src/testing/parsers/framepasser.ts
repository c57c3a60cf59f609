import type { Parser, ParserModule } from '../../framework/parser.ts';
import { more, NOP, pass } from '../../framework/types.ts';

/**
 * test.framepasser: frames are a 4-byte big-endian payload length then the payload; each frame is
 * passed whole, decided from its header alone (so a PASS may cover bytes not received yet).
 */
export const framepasser: ParserModule = {
  name: 'test.framepasser',
  create: () => passFrames,
};

const HEADER = 4;

const passFrames: Parser = {
  onData(_reply, _endStream, input) {
    if (input.length === 0) return NOP;
    if (input.length < HEADER) return more(HEADER - input.length);
    return pass(HEADER + input.u32(0));
  },
};
