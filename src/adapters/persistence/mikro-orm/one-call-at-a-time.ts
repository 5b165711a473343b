/**
 * A transaction has one connection, and a connection runs one statement at a time (pg only
 * queues overlapping queries, a behaviour it deprecates). Callers may still overlap store calls
 * within one transaction (`Promise.all` over reads); this runs them one after the other.
 */
export class CallQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<A>(call: () => Promise<A>): Promise<A> {
    const result = this.tail.then(call, call);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** `target` with every method call going through `queue`. */
export const oneCallAtATime = <T extends object>(target: T, queue: CallQueue): T =>
  new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => queue.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args));
    },
  });
