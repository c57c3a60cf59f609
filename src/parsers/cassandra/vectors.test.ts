// The anchor's cassandra vectors (vectors/anchor.json, every upstream case including the one Go never
// ran) and ours (vectors/extra.json), through the bridge in plain Node and through the real
// libcilium_testing.so in the harness.
import { fileURLToPath } from 'node:url';
import { describeOnBothBackends } from '../../../test/abi/both-backends.ts';
import { loadVectors } from '../../../test/abi/run-vectors.ts';
import { cassandraOverrides } from './vectors/differences.ts';

const files = ['anchor.json', 'extra.json'].map((f) => ({ f, v: loadVectors(fileURLToPath(new URL(`./vectors/${f}`, import.meta.url))) }));
describeOnBothBackends('cassandra vectors', files.flatMap(({ f, v }) => v.cases.map((c) => ({ label: `${f}: ${c.name}`, c }))), cassandraOverrides);
