import { Module } from '@nestjs/common';
import { IdentityMiddleware } from './identity.middleware';
import { ProfileController } from './profile.controller';
import { ProfileRepository } from './profile.repository';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

@Module({
  controllers: [ProfileController],
  providers: [IdentityMiddleware, UsersRepository, ProfileRepository, SessionsRepository],
  exports: [IdentityMiddleware, UsersRepository, SessionsRepository],
})
export class IdentityModule {}
