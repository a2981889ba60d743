import { Module } from '@nestjs/common';
import { IdentityMiddleware } from './identity.middleware';
import { UsersRepository } from './users.repository';

@Module({
  providers: [IdentityMiddleware, UsersRepository],
  exports: [IdentityMiddleware, UsersRepository],
})
export class IdentityModule {}
