import { Module } from '@nestjs/common';
import { InterruptionSweeper } from './interruption-sweeper';
import { TrainJobStates } from './train-job-states';
import { VersionOwnership } from './version-ownership.service';

/** Who owns TRAINING versions, and the versions left behind by a trainer that died. */
@Module({
  providers: [TrainJobStates, VersionOwnership, InterruptionSweeper],
  exports: [VersionOwnership],
})
export class RecoveryModule {}
