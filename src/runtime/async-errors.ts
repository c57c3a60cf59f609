import { AsyncOwners } from './async-owners.ts';
import type { ConnectionOwner } from './connection-table.ts';
import type { Runtime } from './runtime.ts';

/**
 * Makes the process's asynchronous errors (an exception thrown by a timer, a rejected promise nobody
 * handles) faults of the connection whose parser scheduled the work, instead of something that could
 * take the isolate down. Replaces the interim handlers native's bootstrap installs. For the embedded
 * runtime only: it takes over the process-wide handlers.
 */
export function chargeAsyncErrorsToConnections(runtime: Runtime): void {
  const owners = new AsyncOwners<ConnectionOwner>();
  runtime.trackAsyncWork(owners);
  owners.enable();
  process.removeAllListeners('uncaughtException');
  process.removeAllListeners('unhandledRejection');
  process.on('uncaughtException', (error) => guarded(runtime, () => runtime.asyncError(owners.ownerOfCurrentWork(), 'uncaught exception', error)));
  process.on('unhandledRejection', (reason, promise) => guarded(runtime, () => runtime.asyncError(owners.ownerOf(promise), 'unhandled rejection', reason)));
}

/** An exception escaping a process error handler would be fatal; report it instead. */
function guarded(runtime: Runtime, handle: () => void): void {
  try {
    handle();
  } catch (e) {
    runtime.bridge.print(3, `while handling an asynchronous error: ${String(e)}`);
  }
}
