import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher';
import { SigninLimiter } from './signin-limiter';

@Module({
  imports: [IdentityModule],
  controllers: [AccountsController],
  providers: [
    AccountsService,
    AccountsRepository,
    SigninLimiter,
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
  ],
})
export class AccountsModule {}
