import type { ParserModule } from '../../framework/parser.ts';
import { NOP } from '../../framework/types.ts';

/** test.panicparser (from Cilium's TestOnDataPanic): throws on any request-direction call, NOP on replies. */
export const panicparser: ParserModule = {
  name: 'test.panicparser',
  create: () => ({
    onData(reply, endStream, input) {
      if (reply) return NOP;
      throw new Error(`PanicParser OnData(reply=${reply}, endStream=${endStream}, ${input.length} bytes) panicing...`);
    },
  }),
};
