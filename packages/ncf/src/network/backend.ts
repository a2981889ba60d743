import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerGradients } from './gradients';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

let chosen: Promise<string> | undefined;
let wasmPathsSet = false;

/**
 * Picks the TensorFlow.js backend once per process: `preferred`, else env TF_BACKEND, else the
 * first that loads of tfjs-node ('tensorflow'), wasm, cpu. A named backend that cannot load is
 * an error (no silent fallback). Also registers the scatter-add gradient of GatherV2 that
 * training needs. Later calls return the first call's result.
 */
export function initBackend(preferred?: BackendName): Promise<string> {
  if (!chosen) {
    chosen = Promise.resolve()
      .then(() => chooseBackend(preferred ?? backendFromEnv()))
      .catch((err: unknown) => {
        chosen = undefined;
        throw err;
      });
  }
  return chosen;
}

function backendFromEnv(): BackendName | undefined {
  const raw = process.env.TF_BACKEND?.trim();
  if (!raw) return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(raw)) return raw as BackendName;
  throw new Error(`TF_BACKEND must be one of ${BACKEND_NAMES.join(', ')} (got "${raw}")`);
}

async function chooseBackend(forced: BackendName | undefined): Promise<string> {
  const candidates = forced ? [forced] : BACKEND_NAMES;
  const skipped: string[] = [];
  for (const name of candidates) {
    try {
      if (await activate(name)) {
        registerGradients();
        const why = skipped.length > 0 ? ` (skipped ${skipped.join('; ')})` : '';
        const how = forced ? 'requested' : 'auto';
        process.stderr.write(`[ncf] TensorFlow.js backend: ${name} (${how})${why}\n`);
        return name;
      }
      skipped.push(`${name}: failed to initialise`);
    } catch (err) {
      skipped.push(`${name}: ${firstLine(err)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could be initialised: ${skipped.join('; ')}`);
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'tensorflow') {
    // Optional dependency: it needs libtensorflow, which cannot be downloaded everywhere.
    // Loading it registers the 'tensorflow' backend.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  }
  if (name === 'wasm') useBundledWasmFiles();
  const ok = await tf.setBackend(name);
  if (ok) await tf.ready();
  return ok && tf.getBackend() === name;
}

/** Loads the .wasm files shipped in the npm package instead of fetching them. */
export function useBundledWasmFiles(): void {
  if (wasmPathsSet) return;
  const file = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(path.dirname(file) + path.sep);
  wasmPathsSet = true;
}

function firstLine(err: unknown): string {
  // Not `instanceof Error`: errors from another realm (vm contexts, Jest) fail that check.
  const message =
    typeof err === 'object' && err !== null && typeof (err as Error).message === 'string'
      ? (err as Error).message
      : String(err);
  return message.split('\n')[0] ?? message;
}
