/**
 * An operator's limits bundle: the built-in kafka protocol with a 64-byte request-frame limit instead
 * of 16 MiB. Built with `tsproxylib build --entry` and named by `parser-bundle`, it replaces the
 * built-in module in every isolate; removing it from the bundle puts the default back.
 */
import { createKafkaModule } from '../../src/parsers/kafka/index.ts';

export const parsers = [createKafkaModule({ maxRequestFrame: 64 })];
