import { createHook, executionAsyncResource } from 'node:async_hooks';

/**
 * Remembers which connection scheduled each piece of asynchronous work (timer, immediate, promise …),
 * so an error that surfaces later, outside any call, can be charged to that connection. Work scheduled
 * by such work inherits its owner.
 *
 * Costs an async_hooks init hook, i.e. a little per async resource created; the OnData path itself
 * creates none.
 */
export class AsyncOwners<Owner extends object> {
  private active: Owner | null = null;
  private scheduled = false;
  private readonly owners = new WeakMap<object, Owner>();
  private readonly hook = createHook({
    init: (_asyncId, _type, _triggerAsyncId, resource: object) => {
      const owner = this.active ?? this.owners.get(executionAsyncResource());
      if (owner === undefined) return;
      this.owners.set(resource, owner);
      if (this.active !== null) this.scheduled = true;
    },
  });

  enable(): void {
    this.hook.enable();
  }

  disable(): void {
    this.hook.disable();
  }

  /** Parser code of `owner` starts running: what it schedules from now on is its. */
  enter(owner: Owner): void {
    this.active = owner;
    this.scheduled = false;
  }

  /** The parser code ended; true when it left asynchronous work behind. */
  exit(): boolean {
    this.active = null;
    return this.scheduled;
  }

  /** Owner of the asynchronous work running now (e.g. inside an 'uncaughtException' handler). */
  ownerOfCurrentWork(): Owner | undefined {
    return this.owners.get(executionAsyncResource());
  }

  /** Owner of a promise (e.g. the one an 'unhandledRejection' handler receives). */
  ownerOf(resource: object): Owner | undefined {
    return this.owners.get(resource);
  }
}
