/**
 * Run as its own process by async-errors.test.ts (the handlers it installs are process-wide): two
 * test.faulty connections schedule an asynchronous throw and an unhandled rejection, a third stays
 * clean. Prints what the framework made of it as one JSON line.
 */
import { Buffer } from 'node:buffer';
import { FilterResult } from '../framework/types.ts';
import { MemoryBridge } from '../testing/memory-bridge.ts';
import { createTestRuntime } from '../testing/runtime-entry.ts';
import { chargeAsyncErrorsToConnections } from './async-errors.ts';

const bridge = new MemoryBridge();
const runtime = createTestRuntime(bridge);
chargeAsyncErrorsToConnections(runtime);
bridge.register(runtime.handlers);
bridge.control({ cmd: 'registerParser', name: 'test.faulty' });
const module = bridge.openModule();
const open = (id: string) => bridge.newConnection({
  instanceId: module, proto: 'test.faulty', id, ingress: true, srcId: 1, dstId: 2, srcAddr: '1.1.1.1:1', dstAddr: '2.2.2.2:80',
  policyName: 'p', injectBufSize: 1024,
}).slot;
const send = (slot: number, text: string) => bridge.onData(slot, false, false, [Buffer.from(text)], 4);

const [timer, rejection, clean] = [open('1'), open('2'), open('3')];
const calls = [send(timer, 'ASYNC\n'), send(rejection, 'REJECT\n'), send(clean, 'fine\n')];
setTimeout(() => {
  const later = [timer, rejection, clean].map((slot) => FilterResult[send(slot, 'again\n').result]);
  process.stdout.write(JSON.stringify({
    calls: calls.map((c) => [FilterResult[c.result], c.asyncPending]),
    entries: bridge.logs.map((l) => `${l.entry.entryType} ${l.entry.genericL7?.fields.status}`),
    later,
    open: runtime.connections.size,
  }) + '\n');
}, 50);
