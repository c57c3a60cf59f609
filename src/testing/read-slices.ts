import { CallSlot, type RuntimeHandlers } from '../framework/host.ts';
import { SliceReader } from '../framework/slice-reader.ts';
import { FilterResult } from '../framework/types.ts';
import { MemoryBridge, type MemoryBridgeOptions } from './memory-bridge.ts';

/**
 * Runs `read` with a SliceReader over `slices`, inside an OnData call of a MemoryBridge, and returns what
 * it returns. For testing framing code (frame.ts, requests/*) on plain arrays; a small `arenaSize` makes
 * every read cross windows. Views of the input are detached when this returns, so return copies.
 */
export function readSlices<T>(slices: readonly Uint8Array[], read: (input: SliceReader) => T,
                              options: MemoryBridgeOptions = {}): T {
  const bridge = new MemoryBridge(options);
  const reader = new SliceReader(bridge);
  let outcome: { value: T } | { thrown: unknown } | undefined;
  const handlers: RuntimeHandlers = {
    newConnection: () => FilterResult.OK,
    onData: () => {
      reader.startCall();
      try {
        outcome = { value: read(reader) };
      } catch (e) {
        outcome = { thrown: e };
      }
      bridge.call[CallSlot.NOPS] = 0;
      return FilterResult.OK;
    },
    close: () => {},
    fault: () => {},
    control: () => '{}',
  };
  bridge.register(handlers);
  const instanceId = bridge.openModule();
  const { slot } = bridge.newConnection({
    instanceId, proto: 'read-slices', id: '1', ingress: true, srcId: 0, dstId: 0, srcAddr: '', dstAddr: '', policyName: '',
    injectBufSize: 0,
  });
  bridge.onData(slot, false, false, slices, 0);
  if (outcome === undefined) throw new Error('readSlices: the call did not run');
  if ('thrown' in outcome) throw outcome.thrown;
  return outcome.value;
}
