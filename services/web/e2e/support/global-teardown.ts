/** Stops the stack global-setup.ts started (its processes and nothing else). */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__E2E_STACK__;
  globalThis.__E2E_STACK__ = undefined;
  await stack?.stop(5_000);
}
