/** Stops the process group global-setup.ts started (its processes and nothing else). */
export default async function globalTeardown(): Promise<void> {
  const group = globalThis.__E2E_PROCESSES__;
  globalThis.__E2E_PROCESSES__ = undefined;
  await group?.stop(5_000);
}
