import { ARTIFACT_FORMAT, type NcfArtifact } from '../format/artifact';
import { DEFAULT_NCF_CONFIG, type NcfConfig } from '../format/config';
import { createRandom } from '../format/random';
import { sizeOf, weightLayout } from '../format/weights-layout';

/**
 * An artifact with seeded random weights large enough that predictions spread over the
 * rating range (freshly initialised tfjs weights predict nearly the same for every movie).
 */
export function buildRandomArtifact(options: {
  users: number;
  movies: number;
  seed: number;
  config?: Partial<NcfConfig>;
  scale?: number;
}): NcfArtifact {
  const config: NcfConfig = {
    ...DEFAULT_NCF_CONFIG,
    embedDim: 8,
    hiddenUnits: [16, 8],
    ...options.config,
  };
  const random = createRandom(options.seed);
  const scale = options.scale ?? 1;
  return {
    format: ARTIFACT_FORMAT,
    config,
    userIds: Array.from({ length: options.users }, (_, i) => 10 + i * 2),
    movieIds: Array.from({ length: options.movies }, (_, i) => 1000 + i * 7),
    weights: weightLayout(config, options.users, options.movies).map(({ name, shape }) => ({
      name,
      shape,
      data: Float32Array.from({ length: sizeOf(shape) }, () => (random() * 2 - 1) * scale),
    })),
  };
}
