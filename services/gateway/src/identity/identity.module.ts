import { Module } from '@nestjs/common';
import { IdentityMiddleware } from './identity.middleware';
import { ProfileController } from './profile.controller';
import { ProfileRepository } from './profile.repository';
import { UsersRepository } from './users.repository';

@Module({
  controllers: [ProfileController],
  providers: [IdentityMiddleware, UsersRepository, ProfileRepository],
  exports: [IdentityMiddleware, UsersRepository],
})
export class IdentityModule {}
