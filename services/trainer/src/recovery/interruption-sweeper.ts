import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { TRAIN_LOCKS, type TrainLocks } from '../core/tokens';
import { VersionOwnership } from './version-ownership.service';

/**
 * Looks for versions nobody owns when the trainer starts, then every stalledInterval: a trainer
 * that died just before this one started, or while it runs, owns its version until BullMQ sees
 * its lock lapse, and a job that stalled too often is failed without running again.
 */
@Injectable()
export class InterruptionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InterruptionSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ownership: VersionOwnership,
    @Inject(TRAIN_LOCKS) private readonly locks: TrainLocks,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: with Redis down at boot the sweep waits for it, and the start must not.
    void this.run();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(): Promise<void> {
    try {
      await this.ownership.sweep();
    } catch (error) {
      // A sweep cut short by the shutdown closing its connections is no news.
      if (!this.stopped) {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`could not look for interrupted versions: ${reason}`);
      }
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.run(), this.locks.stalledInterval);
    this.timer.unref();
  }
}
