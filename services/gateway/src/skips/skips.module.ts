import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { MoviesModule } from '../movies/movies.module';
import { SkipsController } from './skips.controller';
import { SkipsRepository } from './skips.repository';
import { SkipsService } from './skips.service';

@Module({
  imports: [IdentityModule, MoviesModule],
  controllers: [SkipsController],
  providers: [SkipsRepository, SkipsService],
  exports: [SkipsRepository],
})
export class SkipsModule {}
