import { createHash } from 'node:crypto';
import { isFaithfulArchitecture, ncfConfigProblems, type NcfConfig } from './config';
import { reasonNeighboursProblem, type MovieNeighbourLists } from './neighbour-lists';
import { newUserStackProblem, type NewUserStack } from './new-user-stack';
import { sizeOf, weightLayout } from './weights-layout';

/**
 * The format this code writes. Version 2 added the optional model parts (bias terms, GMF branch;
 * see NcfConfig) and the training statistics; version 3 the movies' co-rating neighbours, which
 * recommendations cite as their reasons. Version 4 added the new-user stack (NewUserStack), version
 * 5 the ranking network (NcfConfig.ranking). Every version 1 to 5 still loads (any other format is
 * rejected): the trainer wrote each of them in its time, so a registry may hold them and a
 * rollback may load them. Version 1 is the faithful model without stats.
 */
export const ARTIFACT_FORMAT = 'marquee-ncf/5';
export const READABLE_ARTIFACT_FORMATS = [
  'marquee-ncf/1',
  'marquee-ncf/2',
  'marquee-ncf/3',
  'marquee-ncf/4',
  ARTIFACT_FORMAT,
] as const;
export type ArtifactFormat = (typeof READABLE_ARTIFACT_FORMATS)[number];

/** Figures of the training run a fold-in needs. */
export interface TrainingStats {
  /** Mean of the ratings trained on. */
  meanRating: number;
  /** Validation RMSE of the kept epoch: the noise level of a rating around the model. */
  valRmse: number;
  /**
   * Ratings each movie had in the training data, aligned with movieIds (0 for a movie placed by
   * its features alone). Lets a scorer leave out movies too few people rated.
   */
  movieRatingCounts?: number[];
}

/** A trained model version: config, id maps (index order) and weights by name. */
export interface NcfArtifact {
  format: ArtifactFormat;
  config: NcfConfig;
  /** userIds[i] is the raw user id of embedding row i. */
  userIds: number[];
  /** movieIds[i] is the raw movie id of embedding row i. */
  movieIds: number[];
  weights: { name: string; shape: number[]; data: Float32Array }[];
  /** Present from format 2 on. */
  stats?: TrainingStats;
  /** Optional from format 3 on: what "because you rated …" cites (MovieSimilarity). */
  reasonNeighbours?: MovieNeighbourLists;
  /**
   * Optional from format 4 on: how a new user's predictions are corrected (NewUserStack). Needs
   * reasonNeighbours and stats.movieRatingCounts.
   */
  newUserStack?: NewUserStack;
}

export class ArtifactError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid NCF artifact: ${reason}`);
    this.name = 'ArtifactError';
  }
}

/*
 * Byte layout (all integers little-endian):
 *   0  8 bytes  magic "MQNCF\0\0\x01"
 *   8  uint32   manifest length in bytes (UTF-8 JSON)
 *  12  uint32   reserved, 0
 *  16  manifest JSON: { format, config, userIds, movieIds, weights: [{name, shape}], dataSha256,
 *      stats?, reasonNeighbours?: { entries }, newUserStack? }
 *      zero padding up to a multiple of 8
 *      float32 weight data, weights in manifest order, each row-major
 *      with reasonNeighbours: int32 offsets (movies + 1), int32 neighbours (entries), float32
 *      similarities (entries)
 * dataSha256 covers everything after the padding.
 */
const MAGIC = Buffer.from([0x4d, 0x51, 0x4e, 0x43, 0x46, 0x00, 0x00, 0x01]);
const HEADER_BYTES = 16;
const DATA_ALIGNMENT = 8;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Manifest {
  format: string;
  config: NcfConfig;
  userIds: number[];
  movieIds: number[];
  weights: { name: string; shape: number[] }[];
  dataSha256: string;
  stats?: TrainingStats;
  reasonNeighbours?: { entries: number };
  newUserStack?: NewUserStack;
}

const alignUp = (n: number) => Math.ceil(n / DATA_ALIGNMENT) * DATA_ALIGNMENT;

/**
 * Checks everything a scorer relies on: format, config, id lists (integers, no duplicates),
 * the exact set of weights with the shapes the config and id counts imply, finite values.
 */
export function validateArtifact(artifact: NcfArtifact): void {
  if (typeof artifact !== 'object' || artifact === null) fail('not an object');
  checkFormat(artifact.format);
  const configProblems = ncfConfigProblems(artifact.config);
  if (configProblems.length > 0) fail(`config: ${configProblems.join('; ')}`);
  if (artifact.format === 'marquee-ncf/1' && !isFaithfulArchitecture(artifact.config)) {
    fail('a marquee-ncf/1 artifact cannot have bias terms or a GMF branch');
  }
  if (artifact.config.ranking && artifact.format !== ARTIFACT_FORMAT) {
    fail(`a ranking network needs format ${ARTIFACT_FORMAT}, not ${artifact.format}`);
  }
  if (artifact.config.ranking && artifact.stats === undefined) {
    fail('a ranking network needs stats (the rating network noise it weighs stars by)');
  }
  checkIds('userIds', artifact.userIds);
  checkIds('movieIds', artifact.movieIds);
  if (artifact.stats !== undefined) checkStats(artifact.stats, artifact.movieIds.length);
  if (artifact.reasonNeighbours !== undefined) {
    if (artifact.format === 'marquee-ncf/1' || artifact.format === 'marquee-ncf/2') {
      fail(`reasonNeighbours need format marquee-ncf/3 or later, not ${artifact.format}`);
    }
    const problem = reasonNeighboursProblem(artifact.reasonNeighbours, artifact.movieIds.length);
    if (problem) fail(`reasonNeighbours: ${problem}`);
  }
  if (artifact.newUserStack !== undefined) checkNewUserStack(artifact);
  if (!Array.isArray(artifact.weights)) fail('weights must be an array');
  const layout = weightLayout(artifact.config, artifact.userIds.length, artifact.movieIds.length);
  const byName = new Map<string, NcfArtifact['weights'][number]>();
  for (const w of artifact.weights) {
    if (typeof w?.name !== 'string') fail('a weight has no name');
    if (byName.has(w.name)) fail(`weight ${w.name} appears twice`);
    byName.set(w.name, w);
  }
  for (const spec of layout) {
    const w = byName.get(spec.name);
    if (!w) fail(`weight ${spec.name} is missing`);
    if (!Array.isArray(w.shape) || w.shape.join(',') !== spec.shape.join(',')) {
      fail(`weight ${spec.name} has shape [${String(w.shape)}], expected [${spec.shape}]`);
    }
    if (!(w.data instanceof Float32Array) || w.data.length !== sizeOf(spec.shape)) {
      fail(`weight ${spec.name} must hold ${sizeOf(spec.shape)} float32 values`);
    }
    for (let i = 0; i < w.data.length; i++) {
      if (!Number.isFinite(w.data[i])) fail(`weight ${spec.name} holds a non-finite value at ${i}`);
    }
    byName.delete(spec.name);
  }
  if (byName.size > 0) fail(`unexpected weights: ${[...byName.keys()].join(', ')}`);
}

function checkNewUserStack(artifact: NcfArtifact): void {
  if (!['marquee-ncf/4', ARTIFACT_FORMAT].includes(artifact.format)) {
    fail(`newUserStack needs format marquee-ncf/4 or later, not ${artifact.format}`);
  }
  if (!artifact.reasonNeighbours || !artifact.stats?.movieRatingCounts) {
    fail('newUserStack needs reasonNeighbours and stats.movieRatingCounts');
  }
  const problem = newUserStackProblem(
    artifact.newUserStack as NewUserStack,
    artifact.movieIds.length,
  );
  if (problem) fail(`newUserStack: ${problem}`);
}

function checkFormat(format: unknown): asserts format is ArtifactFormat {
  if (!(READABLE_ARTIFACT_FORMATS as readonly unknown[]).includes(format)) {
    fail(
      `format is ${JSON.stringify(format)}; this version reads ` +
        `${READABLE_ARTIFACT_FORMATS.slice(0, -1).join(', ')} and ${READABLE_ARTIFACT_FORMATS.at(-1)}` +
        ' (retrain the model, or serve it with the release that wrote it)',
    );
  }
}

function checkStats(stats: unknown, movies: number): void {
  const s = stats as Partial<TrainingStats> | null;
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (typeof s !== 'object' || s === null || !ok(s.meanRating) || !ok(s.valRmse)) {
    fail('stats must hold finite meanRating and valRmse');
  }
  if ((s.valRmse as number) <= 0) fail('stats.valRmse must be positive');
  const counts = s.movieRatingCounts;
  if (counts === undefined) return;
  if (!Array.isArray(counts) || counts.length !== movies) {
    fail(`stats.movieRatingCounts must hold one count per film (${movies})`);
  }
  if (!counts.every((c) => Number.isSafeInteger(c) && (c as number) >= 0)) {
    fail('stats.movieRatingCounts must hold whole numbers >= 0');
  }
}

function checkIds(field: string, ids: unknown): asserts ids is number[] {
  if (!Array.isArray(ids) || ids.length === 0) fail(`${field} must be a non-empty array`);
  const seen = new Set<number>();
  for (const id of ids) {
    if (!Number.isSafeInteger(id)) fail(`${field} holds a non-integer id ${String(id)}`);
    if (seen.has(id as number)) fail(`${field} holds ${String(id)} twice`);
    seen.add(id as number);
  }
}

function fail(reason: string): never {
  throw new ArtifactError(reason);
}

/** One self-describing buffer: header, JSON manifest, aligned float32 data. */
export function serializeArtifact(artifact: NcfArtifact): Buffer {
  validateArtifact(artifact);
  const layout = weightLayout(artifact.config, artifact.userIds.length, artifact.movieIds.length);
  const byName = new Map(artifact.weights.map((w) => [w.name, w]));
  const reasons = artifact.reasonNeighbours;
  const reasonValues = reasons ? [reasons.offsets, reasons.neighbours, reasons.similarities] : [];
  const dataBytes =
    layout.reduce((sum, spec) => sum + sizeOf(spec.shape) * 4, 0) +
    reasonValues.reduce((sum, values) => sum + values.length * 4, 0);
  const data = Buffer.alloc(dataBytes);
  let offset = 0;
  for (const values of [
    ...layout.map((spec) => (byName.get(spec.name) as NcfArtifact['weights'][number]).data),
    ...reasonValues,
  ]) {
    writeValues(data, offset, values);
    offset += values.length * 4;
  }
  const manifest: Manifest = {
    format: artifact.format,
    config: artifact.config,
    userIds: artifact.userIds,
    movieIds: artifact.movieIds,
    weights: layout,
    dataSha256: createHash('sha256').update(data).digest('hex'),
    ...(artifact.stats ? { stats: artifact.stats } : {}),
    ...(reasons ? { reasonNeighbours: { entries: reasons.neighbours.length } } : {}),
    ...(artifact.newUserStack ? { newUserStack: artifact.newUserStack } : {}),
  };
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const dataOffset = alignUp(HEADER_BYTES + json.length);
  const out = Buffer.alloc(dataOffset + dataBytes);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(json.length, 8);
  out.writeUInt32LE(0, 12);
  json.copy(out, HEADER_BYTES);
  data.copy(out, dataOffset);
  return out;
}

/** Parses and fully validates a serialized artifact; throws ArtifactError on any problem. */
export function deserializeArtifact(bytes: Buffer): NcfArtifact {
  if (!Buffer.isBuffer(bytes)) fail('expected a Buffer');
  if (bytes.length < HEADER_BYTES)
    fail(`truncated: ${bytes.length} bytes is shorter than the header`);
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) fail('bad magic: not an NCF artifact');
  const manifestLength = bytes.readUInt32LE(8);
  if (bytes.readUInt32LE(12) !== 0) fail('reserved header field is not 0');
  if (HEADER_BYTES + manifestLength > bytes.length) {
    fail(`truncated: manifest of ${manifestLength} bytes does not fit in ${bytes.length} bytes`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(
      bytes.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength).toString('utf8'),
    ) as Manifest;
  } catch {
    fail('manifest is not valid JSON');
  }
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.weights)) {
    fail('manifest has no weights list');
  }
  checkFormat(manifest.format);
  const sizes = manifest.weights.map((w) => {
    if (!Array.isArray(w?.shape) || !w.shape.every((n) => Number.isInteger(n) && n >= 0)) {
      fail(`weight ${String(w?.name)} has an invalid shape`);
    }
    return sizeOf(w.shape);
  });
  const entries = manifest.reasonNeighbours?.entries;
  if (entries !== undefined && !(Number.isSafeInteger(entries) && entries >= 0)) {
    fail('reasonNeighbours.entries must be a whole number >= 0');
  }
  const movies = Array.isArray(manifest.movieIds) ? manifest.movieIds.length : 0;
  const reasonValues = entries === undefined ? 0 : movies + 1 + 2 * entries;
  const dataOffset = alignUp(HEADER_BYTES + manifestLength);
  const expectedLength = dataOffset + (sizes.reduce((a, b) => a + b, 0) + reasonValues) * 4;
  if (bytes.length < expectedLength) {
    fail(`truncated: ${bytes.length} bytes, expected ${expectedLength}`);
  }
  if (bytes.length > expectedLength) {
    fail(`${bytes.length - expectedLength} unexpected bytes after the weight data`);
  }
  const data = bytes.subarray(dataOffset);
  if (createHash('sha256').update(data).digest('hex') !== manifest.dataSha256) {
    fail('weight data checksum mismatch (corrupt data)');
  }
  let offset = dataOffset;
  const weights = manifest.weights.map((w, i) => {
    const values = readValues(bytes, offset, new Float32Array(sizes[i] as number));
    offset += values.length * 4;
    return { name: w.name, shape: w.shape, data: values };
  });
  let reasonNeighbours: MovieNeighbourLists | undefined;
  if (entries !== undefined) {
    const offsets = readValues(bytes, offset, new Int32Array(movies + 1));
    offset += offsets.length * 4;
    const neighbours = readValues(bytes, offset, new Int32Array(entries));
    offset += neighbours.length * 4;
    const similarities = readValues(bytes, offset, new Float32Array(entries));
    reasonNeighbours = { offsets, neighbours, similarities };
  }
  const artifact: NcfArtifact = {
    format: manifest.format,
    config: manifest.config,
    userIds: manifest.userIds,
    movieIds: manifest.movieIds,
    weights,
    ...(manifest.stats !== undefined ? { stats: manifest.stats } : {}),
    ...(reasonNeighbours ? { reasonNeighbours } : {}),
    ...(manifest.newUserStack !== undefined ? { newUserStack: manifest.newUserStack } : {}),
  };
  validateArtifact(artifact);
  return artifact;
}

/** sha256 hex of the serialized bytes: the registry's checksum of a model version. */
export function artifactChecksum(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes float32 or int32 values little-endian. */
function writeValues(target: Buffer, offset: number, values: Float32Array | Int32Array): void {
  if (LITTLE_ENDIAN_HOST) {
    Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(target, offset);
  } else if (values instanceof Float32Array) {
    values.forEach((v, i) => target.writeFloatLE(v, offset + i * 4));
  } else {
    values.forEach((v, i) => target.writeInt32LE(v, offset + i * 4));
  }
}

/** Fills `values` (float32 or int32) from little-endian data at offset; returns it. */
function readValues<T extends Float32Array | Int32Array>(
  source: Buffer,
  offset: number,
  values: T,
): T {
  if (LITTLE_ENDIAN_HOST) {
    source.copy(Buffer.from(values.buffer), 0, offset, offset + values.length * 4);
  } else {
    for (let i = 0; i < values.length; i++) {
      values[i] =
        values instanceof Float32Array
          ? source.readFloatLE(offset + i * 4)
          : source.readInt32LE(offset + i * 4);
    }
  }
  return values;
}
