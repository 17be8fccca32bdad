import { Global, Module } from '@nestjs/common';
import { ADMIN_TRAIL } from '@app/workflow';
import { AdminEventsRepository } from './persistence/admin-events.repository';

/**
 * The admin chain's writer for every context (identity, escalation, reports, lists): they name the
 * ADMIN_TRAIL port of the workflow vocabulary, never this library, so no arrow runs back up.
 */
@Global()
@Module({
  providers: [AdminEventsRepository, { provide: ADMIN_TRAIL, useExisting: AdminEventsRepository }],
  exports: [AdminEventsRepository, ADMIN_TRAIL],
})
export class AdminTrailModule {}
