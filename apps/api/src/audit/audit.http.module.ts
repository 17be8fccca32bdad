import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { JobsModule } from '@app/jobs';
import { AuditController } from './audit.controller';
import { BundleDownloads } from './bundle-downloads';
import { EvidenceBundleController } from './evidence-bundle.controller';

/** Verification asks the cases context which cases exist, so it comes with CasesModule. */
@Module({ imports: [CasesModule, JobsModule], controllers: [AuditController, EvidenceBundleController], providers: [BundleDownloads] })
export class AuditHttpModule {}
