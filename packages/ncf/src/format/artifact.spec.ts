import { createHash } from 'node:crypto';
import {
  ArtifactError,
  artifactChecksum,
  deserializeArtifact,
  serializeArtifact,
  validateArtifact,
  type NcfArtifact,
} from './artifact';
import type { NewUserStack } from './new-user-stack';
import { DEFAULT_RANKING_CONFIG } from './ranking-config';
import { buildRandomArtifact } from '../testing/random-artifact';
import {
  RANKING_BIAS,
  RANKING_INPUT,
  RANKING_NEW_USER_INPUT,
  RANKING_OUTPUT,
} from './weights-layout';

const artifact = buildRandomArtifact({ users: 5, movies: 9, seed: 21 });

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (err) {
    expect(err).toBeInstanceOf(ArtifactError);
    return (err as ArtifactError).reason;
  }
  throw new Error('expected an ArtifactError');
}

/** Rebuilds an artifact buffer around an edited manifest, with a correct header and checksum. */
function withManifest(
  bytes: Buffer,
  edit: (manifest: Record<string, unknown>) => void,
  data?: Buffer,
): Buffer {
  const length = bytes.readUInt32LE(8);
  const manifest = JSON.parse(bytes.subarray(16, 16 + length).toString('utf8')) as Record<
    string,
    unknown
  >;
  const weightData = data ?? bytes.subarray(Math.ceil((16 + length) / 8) * 8);
  manifest.dataSha256 = createHash('sha256').update(weightData).digest('hex');
  edit(manifest);
  const json = Buffer.from(JSON.stringify(manifest));
  const offset = Math.ceil((16 + json.length) / 8) * 8;
  const out = Buffer.alloc(offset + weightData.length);
  bytes.copy(out, 0, 0, 8);
  out.writeUInt32LE(json.length, 8);
  json.copy(out, 16);
  weightData.copy(out, offset);
  return out;
}

describe('serializeArtifact / deserializeArtifact', () => {
  const bytes = serializeArtifact(artifact);

  it('round-trips config, ids and every weight exactly', () => {
    const back = deserializeArtifact(bytes);
    expect(back.format).toBe('marquee-ncf/5');
    expect(back.config).toEqual(artifact.config);
    expect(back.userIds).toEqual(artifact.userIds);
    expect(back.movieIds).toEqual(artifact.movieIds);
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual(
      artifact.weights.map((w) => [w.name, w.shape]),
    );
    back.weights.forEach((w, i) => {
      expect(w.data).toBeInstanceOf(Float32Array);
      expect(Buffer.from(w.data.buffer).equals(Buffer.from(artifact.weights[i]!.data.buffer))).toBe(
        true,
      );
    });
    expect(serializeArtifact(back).equals(bytes)).toBe(true);
  });

  it('reads a buffer that sits at an odd offset of a larger allocation', () => {
    const padded = Buffer.alloc(bytes.length + 3);
    bytes.copy(padded, 3);
    expect(deserializeArtifact(padded.subarray(3)).weights[0]?.data).toEqual(
      artifact.weights[0]?.data,
    );
  });

  it('checksums the bytes with sha256', () => {
    const sum = artifactChecksum(bytes);
    expect(sum).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(sum).toMatch(/^[0-9a-f]{64}$/);
    const other = serializeArtifact(buildRandomArtifact({ users: 5, movies: 9, seed: 22 }));
    expect(artifactChecksum(other)).not.toBe(sum);
  });

  it('rejects truncated bytes', () => {
    expect(reasonOf(() => deserializeArtifact(bytes.subarray(0, bytes.length - 4)))).toMatch(
      /^truncated/,
    );
    expect(reasonOf(() => deserializeArtifact(bytes.subarray(0, 30)))).toMatch(/^truncated/);
    expect(reasonOf(() => deserializeArtifact(bytes.subarray(0, 10)))).toMatch(/^truncated/);
    expect(reasonOf(() => deserializeArtifact(Buffer.alloc(0)))).toMatch(/^truncated/);
  });

  it('rejects trailing bytes', () => {
    expect(reasonOf(() => deserializeArtifact(Buffer.concat([bytes, Buffer.alloc(4)])))).toMatch(
      /unexpected bytes/,
    );
  });

  it('rejects flipped bytes in the header, the manifest and the data', () => {
    const flip = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] as number) ^ 0xff;
      return copy;
    };
    expect(reasonOf(() => deserializeArtifact(flip(0)))).toMatch(/magic/);
    expect(reasonOf(() => deserializeArtifact(flip(9)))).toMatch(/truncated/); // manifest length
    expect(reasonOf(() => deserializeArtifact(flip(13)))).toMatch(/reserved/);
    expect(reasonOf(() => deserializeArtifact(flip(16)))).toMatch(/JSON/); // manifest's "{"
    expect(reasonOf(() => deserializeArtifact(flip(bytes.length - 2)))).toMatch(/checksum/);
  });

  it('rejects a weight whose shape does not match the config', () => {
    const swapped = withManifest(bytes, (m) => {
      const weights = m.weights as { name: string; shape: number[] }[];
      const movie = weights.find((w) => w.name === 'movie_embedding')!;
      movie.shape = [...movie.shape].reverse(); // same size, wrong shape
    });
    expect(reasonOf(() => deserializeArtifact(swapped))).toBe(
      'weight movie_embedding has shape [8,9], expected [9,8]',
    );
  });

  it('rejects a manifest whose ids do not match the weights', () => {
    const fewerUsers = withManifest(bytes, (m) => {
      m.userIds = (m.userIds as number[]).slice(1);
    });
    expect(reasonOf(() => deserializeArtifact(fewerUsers))).toMatch(/user_embedding has shape/);
  });

  it('rejects another format, naming the formats it reads', () => {
    const other = withManifest(bytes, (m) => {
      m.format = 'marquee-ncf/6';
    });
    expect(reasonOf(() => deserializeArtifact(other))).toMatch(
      /format is "marquee-ncf\/6"; this version reads marquee-ncf\/1, marquee-ncf\/2, marquee-ncf\/3, marquee-ncf\/4 and marquee-ncf\/5/,
    );
  });

  it('still loads a format 1 artifact (the faithful model, no stats)', () => {
    const v1 = withManifest(bytes, (m) => {
      m.format = 'marquee-ncf/1';
    });
    const back = deserializeArtifact(v1);
    expect(back.format).toBe('marquee-ncf/1');
    expect(back.stats).toBeUndefined();
    expect(back.weights.map((w) => w.name)).toEqual(artifact.weights.map((w) => w.name));
  });

  it('rejects a format 1 artifact that claims bias terms or a GMF branch', () => {
    const extended = buildRandomArtifact({
      users: 3,
      movies: 4,
      seed: 2,
      config: { biases: true, gmfDim: 2 },
    });
    expect(reasonOf(() => validateArtifact({ ...extended, format: 'marquee-ncf/1' }))).toMatch(
      /marquee-ncf\/1 artifact cannot have bias terms or a GMF branch/,
    );
  });

  it('round-trips the extended model (bias terms, GMF branch) and its training stats', () => {
    const extended: NcfArtifact = {
      ...buildRandomArtifact({ users: 3, movies: 4, seed: 2, config: { biases: true, gmfDim: 2 } }),
      stats: { meanRating: 3.5, valRmse: 0.9 },
    };
    const back = deserializeArtifact(serializeArtifact(extended));
    expect(back.stats).toEqual({ meanRating: 3.5, valRmse: 0.9 });
    expect(back.weights.map((w) => [w.name, w.shape])).toEqual(
      extended.weights.map((w) => [w.name, w.shape]),
    );
    expect(back.weights.map((w) => w.name)).toEqual(
      expect.arrayContaining(['user_gmf', 'movie_gmf', 'user_bias', 'movie_bias']),
    );
    expect(() => validateArtifact({ ...extended, stats: { meanRating: 3, valRmse: NaN } })).toThrow(
      /stats/,
    );
  });

  it("round-trips the movies' rating counts and rejects counts that do not fit the movies", () => {
    const base = buildRandomArtifact({ users: 3, movies: 4, seed: 2 });
    const stats = { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: [5, 0, 12, 1] };
    expect(deserializeArtifact(serializeArtifact({ ...base, stats })).stats).toEqual(stats);
    for (const movieRatingCounts of [
      [5, 0, 12],
      [5, 0, 12, -1],
      [5, 0, 1.5, 2],
    ]) {
      expect(() => validateArtifact({ ...base, stats: { ...stats, movieRatingCounts } })).toThrow(
        /movieRatingCounts/,
      );
    }
  });

  describe('co-rating neighbours (format 3)', () => {
    const base = buildRandomArtifact({ users: 3, movies: 4, seed: 2 });
    // Movie 0: movies 2 then 1; movie 1: movie 0; movie 2: none; movie 3: movie 0.
    const lists = () => ({
      offsets: Int32Array.of(0, 2, 3, 3, 4),
      neighbours: Int32Array.of(2, 1, 0, 0),
      similarities: Float32Array.of(0.5, 0.25, 0.25, 0.125),
    });

    it('round-trips them exactly, after the weights', () => {
      const back = deserializeArtifact(serializeArtifact({ ...base, reasonNeighbours: lists() }));
      expect(back.reasonNeighbours).toEqual(lists());
      expect(back.weights.map((w) => w.data)).toEqual(base.weights.map((w) => w.data));
    });

    it('reads format 3 artifacts, which have them but no new-user stack', () => {
      const v3 = withManifest(serializeArtifact({ ...base, reasonNeighbours: lists() }), (m) => {
        m.format = 'marquee-ncf/3';
      });
      const back = deserializeArtifact(v3);
      expect(back.reasonNeighbours).toEqual(lists());
      expect(back.newUserStack).toBeUndefined();
    });

    it('reads format 2 artifacts, which have none', () => {
      const v2 = withManifest(serializeArtifact(base), (m) => {
        m.format = 'marquee-ncf/2';
      });
      expect(deserializeArtifact(v2).reasonNeighbours).toBeUndefined();
      expect(
        reasonOf(() =>
          validateArtifact({ ...base, format: 'marquee-ncf/2', reasonNeighbours: lists() }),
        ),
      ).toMatch(/reasonNeighbours need format marquee-ncf\/3/);
    });

    it.each([
      [
        'an offset list of the wrong length',
        { offsets: Int32Array.of(0, 2, 3, 4) },
        /offsets must be an Int32Array of 5/,
      ],
      [
        'decreasing offsets',
        { offsets: Int32Array.of(0, 2, 1, 3, 4) },
        /offsets decrease at film 1/,
      ],
      [
        'a neighbour out of range',
        { neighbours: Int32Array.of(2, 4, 0, 0) },
        /film 0 has an invalid neighbour index 4/,
      ],
      [
        'a film its own neighbour',
        { neighbours: Int32Array.of(2, 1, 1, 0) },
        /film 1 has an invalid neighbour index 1/,
      ],
      [
        'a similarity that is not positive',
        { similarities: Float32Array.of(0.5, 0, 0.25, 0.125) },
        /similarity 0 outside/,
      ],
      [
        'a NaN similarity',
        { similarities: Float32Array.of(0.5, NaN, 0.25, 0.125) },
        /similarity NaN outside/,
      ],
    ])('rejects %s', (_, change, message) => {
      expect(
        reasonOf(() => validateArtifact({ ...base, reasonNeighbours: { ...lists(), ...change } })),
      ).toMatch(message);
    });

    it('rejects a manifest whose entry count does not match the data', () => {
      const bytes = serializeArtifact({ ...base, reasonNeighbours: lists() });
      const more = withManifest(bytes, (m) => {
        m.reasonNeighbours = { entries: 5 };
      });
      expect(reasonOf(() => deserializeArtifact(more))).toMatch(/truncated/);
      const bad = withManifest(bytes, (m) => {
        m.reasonNeighbours = { entries: -1 };
      });
      expect(reasonOf(() => deserializeArtifact(bad))).toMatch(/entries must be a whole number/);
    });
  });

  it('rejects NaN weights even with a matching checksum', () => {
    const length = bytes.readUInt32LE(8);
    const data = Buffer.from(bytes.subarray(Math.ceil((16 + length) / 8) * 8));
    data.writeFloatLE(NaN, 8);
    expect(reasonOf(() => deserializeArtifact(withManifest(bytes, () => undefined, data)))).toMatch(
      /user_embedding holds a non-finite value at 2/,
    );
  });
});

describe('validateArtifact', () => {
  const variant = (edit: (a: NcfArtifact) => void): NcfArtifact => {
    const copy: NcfArtifact = {
      ...artifact,
      config: { ...artifact.config },
      userIds: [...artifact.userIds],
      movieIds: [...artifact.movieIds],
      weights: artifact.weights.map((w) => ({ ...w, data: w.data.slice() })),
    };
    edit(copy);
    return copy;
  };

  it('accepts a complete artifact', () => {
    expect(() => validateArtifact(artifact)).not.toThrow();
  });

  it.each<[string, (a: NcfArtifact) => void, RegExp]>([
    ['a missing weight', (a) => void a.weights.pop(), /output\/bias is missing/],
    [
      'an extra weight',
      (a) => void a.weights.push({ name: 'extra', shape: [1], data: new Float32Array(1) }),
      /unexpected weights: extra/,
    ],
    ['short data', (a) => void (a.weights[2]!.data = new Float32Array(3)), /must hold/],
    [
      'a duplicate movie id',
      (a) => void (a.movieIds[1] = a.movieIds[0]!),
      /movieIds holds 1000 twice/,
    ],
    ['a bad config', (a) => void (a.config.hiddenUnits = []), /config: hiddenUnits/],
    ['infinite values', (a) => void (a.weights[3]!.data[0] = Infinity), /non-finite/],
  ])('rejects %s', (_, edit, reason) => {
    expect(reasonOf(() => validateArtifact(variant(edit)))).toMatch(reason);
    expect(() => serializeArtifact(variant(edit))).toThrow(ArtifactError);
  });
});

describe('the new-user stack (format 4)', () => {
  const base = buildRandomArtifact({ users: 3, movies: 4, seed: 2 });
  const withParts: NcfArtifact = {
    ...base,
    stats: { meanRating: 3.5, valRmse: 0.9, movieRatingCounts: [0, 2, 12, 60] },
    reasonNeighbours: {
      offsets: Int32Array.of(0, 1, 2, 2, 2),
      neighbours: Int32Array.of(1, 0),
      similarities: Float32Array.of(0.5, 0.5),
    },
  };
  const stack: NewUserStack = {
    foldIn: 'map',
    lambda: 5,
    bucketEdges: [0, 1, 3, 10, 50],
    weights: [
      [0, 0.8, 0, 0],
      [0.1, 0.7, 0.1, 0],
      [0, 0.75, 0.1, 0.2],
      [0, 0.75, 0.2, 0.5],
      [0, 0.7, 0.3, 0.5],
    ],
    itemMeans: [3.5, 4.25, 2.5, 3.75],
  };

  it('round-trips it in the manifest', () => {
    const back = deserializeArtifact(serializeArtifact({ ...withParts, newUserStack: stack }));
    expect(back.newUserStack).toEqual(stack);
    expect(back.reasonNeighbours).toEqual(withParts.reasonNeighbours);
  });

  it('needs the neighbour lists and movie counts it reads, and format 4', () => {
    const { reasonNeighbours: _lists, ...noLists } = withParts;
    expect(reasonOf(() => validateArtifact({ ...noLists, newUserStack: stack }))).toMatch(
      /newUserStack needs reasonNeighbours and stats.movieRatingCounts/,
    );
    const noCounts = { ...withParts, stats: { meanRating: 3.5, valRmse: 0.9 } };
    expect(reasonOf(() => validateArtifact({ ...noCounts, newUserStack: stack }))).toMatch(
      /needs reasonNeighbours and stats.movieRatingCounts/,
    );
    expect(
      reasonOf(() =>
        validateArtifact({ ...withParts, format: 'marquee-ncf/3', newUserStack: stack }),
      ),
    ).toMatch(/newUserStack needs format marquee-ncf\/4/);
  });

  it('rejects a stack that does not fit the model', () => {
    const shortMeans = { ...stack, itemMeans: [3, 4] };
    expect(reasonOf(() => serializeArtifact({ ...withParts, newUserStack: shortMeans }))).toMatch(
      /newUserStack: itemMeans must hold one mean per film \(4\)/,
    );
  });
});

describe('the ranking network (format 5)', () => {
  const ranking = { ...DEFAULT_RANKING_CONFIG, embedDim: 3 };
  const withRanking: NcfArtifact = {
    ...buildRandomArtifact({ users: 3, movies: 4, seed: 8, config: { ranking } }),
    stats: { meanRating: 3.5, valRmse: 0.9 },
  };
  const tables = [RANKING_INPUT, RANKING_OUTPUT, RANKING_BIAS, RANKING_NEW_USER_INPUT];

  it('round-trips its config and weights exactly, after the rating network', () => {
    const back = deserializeArtifact(serializeArtifact(withRanking));
    expect(back.format).toBe('marquee-ncf/5');
    expect(back.config.ranking).toEqual(ranking);
    expect(back.weights.slice(-4).map((w) => [w.name, w.shape])).toEqual([
      [RANKING_INPUT, [4, 3]],
      [RANKING_OUTPUT, [4, 3]],
      [RANKING_BIAS, [4, 1]],
      [RANKING_NEW_USER_INPUT, [4, 3]],
    ]);
    for (const name of tables) {
      const sent = withRanking.weights.find((w) => w.name === name)!.data;
      const received = back.weights.find((w) => w.name === name)!.data;
      expect(received).toBeInstanceOf(Float32Array);
      expect(Buffer.from(received.buffer, received.byteOffset, received.byteLength)).toEqual(
        Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength),
      );
    }
    expect(back.stats).toEqual(withRanking.stats);
  });

  it('needs format 5', () => {
    for (const format of ['marquee-ncf/4', 'marquee-ncf/3'] as const) {
      expect(reasonOf(() => validateArtifact({ ...withRanking, format }))).toMatch(
        /a ranking network needs format marquee-ncf\/5, not marquee-ncf\/[34]/,
      );
    }
  });

  it('needs stats (the noise that weighs the predicted stars)', () => {
    const { stats: _stats, ...noStats } = withRanking;
    expect(reasonOf(() => validateArtifact(noStats))).toMatch(/a ranking network needs stats/);
    expect(() => serializeArtifact(noStats)).toThrow(ArtifactError);
  });

  it.each(tables)('needs the weight %s, with its shape', (name) => {
    const missing = { ...withRanking, weights: withRanking.weights.filter((w) => w.name !== name) };
    expect(reasonOf(() => validateArtifact(missing))).toBe(`weight ${name} is missing`);
    const reshaped = {
      ...withRanking,
      weights: withRanking.weights.map((w) =>
        w.name === name ? { ...w, shape: [w.data.length] } : w,
      ),
    };
    expect(reasonOf(() => validateArtifact(reshaped))).toMatch(`weight ${name} has shape`);
  });

  it('rejects ranking weights without a ranking config, and a bad ranking config', () => {
    const { ranking: _ranking, ...ratingOnly } = withRanking.config;
    expect(reasonOf(() => validateArtifact({ ...withRanking, config: ratingOnly }))).toMatch(
      /unexpected weights: ranking\/input, ranking\/output, ranking\/bias/,
    );
    const badConfig = { ...withRanking.config, ranking: { ...ranking, inputDropout: 1 } };
    expect(reasonOf(() => validateArtifact({ ...withRanking, config: badConfig }))).toMatch(
      /config: ranking.inputDropout must be a number in \[0, 1\)/,
    );
  });

  it('rejects ranking weights that do not fit the movies after a manifest edit', () => {
    const bytes = serializeArtifact(withRanking);
    const edited = withManifest(bytes, (m) => {
      (m.config as NcfArtifact['config']).ranking!.embedDim = 2;
    });
    expect(reasonOf(() => deserializeArtifact(edited))).toMatch(
      /weight ranking\/input has shape \[4,3\], expected \[4,2\]/,
    );
  });
});
