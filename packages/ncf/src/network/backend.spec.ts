import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, initBackend } from './backend';

type BackendModule = typeof import('./backend');

function freshBackendModule(): BackendModule {
  let mod: BackendModule | undefined;
  // A second copy of tfjs in this file warns that its backends are already registered.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.isolateModules(() => {
    mod = jest.requireActual<BackendModule>('./backend');
  });
  warn.mockRestore();
  if (!mod) throw new Error('backend module did not load');
  return mod;
}

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  const savedEnv = process.env.TF_BACKEND;
  afterEach(() => {
    if (savedEnv === undefined) delete process.env.TF_BACKEND;
    else process.env.TF_BACKEND = savedEnv;
  });

  it('picks a backend once, activates it and logs the choice once', async () => {
    const log = jest.spyOn(process.stderr, 'write');
    const first = await initBackend();
    const second = await initBackend();
    expect(BACKEND_NAMES).toContain(first);
    expect(second).toBe(first);
    expect(tf.getBackend()).toBe(first);
    const lines = log.mock.calls.filter(([text]) => String(text).includes('TensorFlow.js backend'));
    expect(lines.length).toBeLessThanOrEqual(1);
    log.mockRestore();
    // Without tfjs-node and without TF_BACKEND, the bundled wasm backend wins.
    if (!tfjsNodeInstalled() && !savedEnv) expect(first).toBe('wasm');
  });

  it('rejects an unknown TF_BACKEND with the allowed names', async () => {
    process.env.TF_BACKEND = 'gpu';
    await expect(freshBackendModule().initBackend()).rejects.toThrow(
      'TF_BACKEND must be one of tensorflow, wasm, cpu (got "gpu")',
    );
  });

  it('fails clearly when a requested backend cannot load, and loads it when it can', async () => {
    const attempt = freshBackendModule().initBackend('tensorflow');
    if (tfjsNodeInstalled()) {
      await expect(attempt).resolves.toBe('tensorflow');
    } else {
      await expect(attempt).rejects.toThrow(
        /tensorflow: Cannot find module '@tensorflow\/tfjs-node'/,
      );
    }
  });

  it('honours TF_BACKEND=cpu', async () => {
    process.env.TF_BACKEND = 'cpu';
    await expect(freshBackendModule().initBackend()).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });
});
