// The anchor's kafka vectors (vectors/anchor.json, every upstream case) and ours (vectors/extra.json),
// with the deliberate differences of vectors/differences.ts, through the bridge in plain Node and through the real
// libcilium_testing.so in the harness.
import { fileURLToPath } from 'node:url';
import { describeOnBothBackends } from '../../../test/abi/both-backends.ts';
import { loadVectors } from '../../../test/abi/run-vectors.ts';
import { kafkaOverrides } from './vectors/differences.ts';

const files = ['anchor.json', 'extra.json'].map((f) => ({ f, v: loadVectors(fileURLToPath(new URL(`./vectors/${f}`, import.meta.url))) }));
describeOnBothBackends('kafka vectors', files.flatMap(({ f, v }) => v.cases.map((c) => ({ label: `${f}: ${c.name}`, c }))), kafkaOverrides);
