import { registerGatherGradient } from './gather-gradient';
import { registerMatMulGradient } from './mat-mul-gradient';

/**
 * Registers the kernel gradients this package replaces (embedding lookups, dense layers' matMul)
 * so training runs fast on every backend; see each. Idempotent.
 */
export function registerGradients(): void {
  registerGatherGradient();
  registerMatMulGradient();
}
