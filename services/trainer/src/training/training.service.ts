import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import {
  trainJobProgress,
  type ModelMetrics,
  type NewUserMetrics,
  type TrainJobData,
  type TrainJobResult,
} from '@marquee/contracts';
import { DbError, ModelRegistry, readMovieFacts, readTrainingRatings, type Db } from '@marquee/db';
import {
  artifactChecksum,
  BEST_NCF_CONFIG,
  withEpochBudget,
  DEFAULT_NCF_CONFIG,
  movieFeatureTokens,
  initBackend,
  serializeArtifact,
  trainForServing,
  type NcfConfig,
} from '@marquee/ncf';
import { DB } from '@marquee/nest-common';
import type { TrainerConfig } from '../config/trainer-config';
import { NCF_OVERRIDES, TRAINER_CONFIG } from '../core/tokens';
import { ModelEventsPublisher } from '@marquee/nest-common';
import { decideActivation } from './activation-policy';
import { TrainerMetrics } from '../metrics/trainer-metrics';
import { VersionOwnership } from '../recovery/version-ownership.service';
import { evaluateNewUsers, holdOutNewUsers, NEW_USER_HOLD_OUT } from './new-user-evaluation';

/** What a train job needs from BullMQ: its data, its id and a way to report progress. */
export type TrainJob = Pick<Job<TrainJobData>, 'id' | 'data' | 'updateProgress'>;

function distinctCount(ids: Int32Array): number {
  return new Set(ids).size;
}

/** The held-out users' figures for the log: RMSE, then the top-10 ones when measured. */
function describeNewUser(newUser: NewUserMetrics): string {
  const figures = [`new-user RMSE ${newUser.rmse.toFixed(4)}`];
  if (newUser.ndcg10 !== undefined) figures.push(`nDCG@10 ${newUser.ndcg10.toFixed(4)}`);
  if (newUser.ndcg10Liked !== undefined) {
    figures.push(`nDCG@10 liked ${newUser.ndcg10Liked.toFixed(4)} (${newUser.likedUsers} users)`);
  }
  if (newUser.precision10 !== undefined) figures.push(`P@10 ${newUser.precision10.toFixed(4)}`);
  return `${figures.join(', ')} (${newUser.users} users)`;
}

/** Trains a version, publishes it to the registry, activates it if it is good enough. */
@Injectable()
export class TrainingService {
  private readonly logger = new Logger(TrainingService.name);

  constructor(
    @Inject(TRAINER_CONFIG) private readonly config: TrainerConfig,
    @Inject(NCF_OVERRIDES) private readonly ncfOverrides: Partial<NcfConfig>,
    @Inject(DB) private readonly db: Db,
    private readonly registry: ModelRegistry,
    private readonly ownership: VersionOwnership,
    private readonly events: ModelEventsPublisher,
    private readonly metrics: TrainerMetrics,
  ) {}

  ncfConfig(data: TrainJobData): NcfConfig {
    const model = this.config.model === 'faithful' ? DEFAULT_NCF_CONFIG : BEST_NCF_CONFIG;
    const base = { ...model, ...this.ncfOverrides };
    const budget = data.epochs ?? this.config.maxEpochs;
    return budget === null || budget === undefined ? base : withEpochBudget(base, budget);
  }

  async train(job: TrainJob): Promise<TrainJobResult> {
    const jobLabel = `train job ${job.id ?? '?'} (${job.data.reason})`;
    const ncfConfig = this.ncfConfig(job.data);
    let version: number | null = null;
    try {
      const backend = await initBackend();
      const data = await readTrainingRatings(this.config.databaseUrl, (read, total) => {
        if (read < total) this.logger.log(`${jobLabel}: read ${read} of ${total} ratings`);
      });
      if (data.ratings.length === 0) throw new Error('there are no ratings to train on');
      const movieFeatures = new Map(
        [...(await readMovieFacts(this.db))].map(([id, facts]) => [id, movieFeatureTokens(facts)]),
      );
      const holdOut = holdOutNewUsers(data, NEW_USER_HOLD_OUT);
      const train = holdOut.train;
      const counts = {
        ratings: train.ratings.length,
        users: distinctCount(train.userIds),
        movies: distinctCount(train.movieIds),
      };
      version = await this.ownership.create(job.id, ncfConfig);
      this.logger.log(
        `${jobLabel}: training version ${version} on ${counts.ratings} ratings ` +
          `(${counts.users} users, ${counts.movies} movies; ${holdOut.users.length} users held ` +
          `out to measure new-user error), backend ${backend}, ` +
          `up to ${ncfConfig.maxEpochs} epochs`,
      );
      await job.updateProgress(
        trainJobProgress.parse({
          epoch: 0,
          epochs: ncfConfig.maxEpochs,
          loss: null,
          valRmse: null,
        }),
      );

      const trainedVersion = version;
      const trainSamples = Math.round(counts.ratings * (1 - ncfConfig.validationFraction));
      this.metrics.fitStarted();
      const {
        artifact,
        metrics: fit,
        ranking,
        stackFit,
        neighbourSeconds,
        parallel,
        seconds,
      } = await trainForServing({ ...train, movieFeatures }, ncfConfig, {
        newUserStack: this.config.model !== 'faithful',
        onEpoch: async (p) => {
          this.metrics.epochDone(p, trainSamples);
          this.logger.log(
            `version ${trainedVersion} epoch ${p.epoch}/${p.epochs}: ` +
              `loss ${p.loss.toFixed(4)}, valRmse ${p.valRmse.toFixed(4)}`,
          );
          await job.updateProgress(trainJobProgress.parse(p));
        },
        onRankingEpoch: (p) => {
          this.metrics.rankingEpochDone(p);
          this.logger.log(
            `version ${trainedVersion} ranking network epoch ${p.epoch}/${p.epochs}: ` +
              `loss ${p.loss.toFixed(4)}, valNdcg@10 ${p.valNdcg.toFixed(4)}`,
          );
        },
        onNewUserInputPass: (p) =>
          this.logger.log(
            `version ${trainedVersion} new users' input pass ${p.pass}/${p.passes}: ` +
              `loss ${p.loss.toFixed(4)}`,
          ),
        onNote: (note) => this.logger.log(`version ${trainedVersion} new-user stack: ${note}`),
      });
      this.logger.log(
        `version ${version}: ` +
          (fit.averagedEpochs > 1 ? `weights of ${fit.averagedEpochs} epochs averaged; ` : '') +
          (ranking
            ? `ranking network kept epoch ${ranking.bestEpoch} of ${ranking.epochs}, ` +
              `valNdcg@10 ${ranking.valNdcg.toFixed(4)}, ${ranking.seconds.toFixed(1)} s; `
            : 'no ranking network; ') +
          `co-rating neighbours for reasons, ` +
          `${artifact.reasonNeighbours.neighbours.length} pairs, ${neighbourSeconds.toFixed(1)} s; ` +
          (stackFit
            ? `new-user stack fitted on ${stackFit.users} users in ${stackFit.seconds.toFixed(1)} s ` +
              `(${parallel ? 'in a worker thread, beside the network' : 'after the network'})`
            : 'no new-user stack') +
          `; ready to serve after ${seconds.toFixed(1)} s`,
      );
      const bytes = serializeArtifact(artifact);
      const checksum = artifactChecksum(bytes);
      const newUser = evaluateNewUsers(artifact, holdOut.users, NEW_USER_HOLD_OUT.given);
      const metrics: ModelMetrics = {
        ...fit,
        ...counts,
        ...(newUser ? { newUser } : {}),
        ...(ranking
          ? {
              ranking: {
                valNdcg: ranking.valNdcg,
                bestEpoch: ranking.bestEpoch,
                epochs: ranking.epochs,
                seconds: ranking.seconds,
              },
            }
          : {}),
      };
      await this.registry.publish(version, {
        artifact: bytes,
        checksum,
        metrics,
        dataSnapshot: {
          ratings: data.ratings.length,
          newestRatedAt: data.newestRatedAt?.toISOString() ?? null,
        },
      });
      this.logger.log(
        `version ${version} READY: valRmse ${metrics.valRmse.toFixed(4)} after ${metrics.epochs} ` +
          `epochs in ${metrics.trainSeconds.toFixed(1)} s, ` +
          (newUser
            ? `${describeNewUser(newUser)}, `
            : 'no new-user figure (too few users to hold out), ') +
          `${bytes.length} bytes`,
      );

      const decision = decideActivation(
        metrics,
        await this.registry.getActive(),
        this.config.activationMargins,
      );
      if (decision.activate) {
        await this.registry.activate(version, decision.reason);
        this.logger.log(`version ${version} ACTIVE (${decision.reason})`);
        await this.announce(version, checksum);
      } else {
        await this.registry.recordNotActivated(version, decision.reason);
        this.logger.warn(`version ${version} stays READY, not activated: ${decision.reason}`);
      }
      return {
        modelVersion: version,
        metrics,
        activated: decision.activate,
        activationReason: decision.reason,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(
        `${jobLabel} failed${version === null ? '' : ` for version ${version}`}: ${reason}`,
        error instanceof Error ? error.stack : undefined,
      );
      // Not TRAINING any more: another trainer marked it interrupted meanwhile; keep that reason.
      const failedElsewhere = error instanceof DbError && error.code === 'MODEL_NOT_TRAINING';
      if (version !== null && !failedElsewhere) await this.markFailed(version, reason);
      throw error;
    } finally {
      if (version !== null) this.ownership.release(version);
    }
  }

  /** Replicas also poll the registry, so a lost announcement delays a swap but breaks nothing. */
  private async announce(version: number, checksum: string): Promise<void> {
    try {
      await this.events.modelPublished({ version, checksum });
    } catch (error) {
      this.logger.warn(
        `version ${version} is ACTIVE but its event could not be sent (replicas will find it ` +
          `on their next poll): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async markFailed(version: number, reason: string): Promise<void> {
    try {
      await this.registry.markFailed(version, reason);
    } catch (error) {
      this.logger.error(
        `could not mark version ${version} FAILED: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
