/** Lets the event loop run (a caller's timers, such as a lock renewal) between training steps. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise<void>((resolve) => setImmediate(resolve));
