/** Parser bundle with test.faulty (src/testing/parsers/faulty.ts), for fault tests under Envoy. */
import { faulty } from '../../../../src/testing/parsers/faulty.ts';

export const parsers = [faulty];
