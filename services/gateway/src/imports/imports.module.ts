import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ExportsController, ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Import of rating files (IMDb, Letterboxd, this site's export) and the export. */
@Module({
  imports: [IdentityModule],
  controllers: [ImportsController, ExportsController],
  providers: [ImportsRepository, ImportsService],
})
export class ImportsModule {}
