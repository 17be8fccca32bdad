import { Global, Module } from '@nestjs/common';
import { createDefaultRegistry, MACHINE_REGISTRY } from './registry';

/** The one machine registry, for every context that reads machines (cases, SLA policies, the API). */
@Global()
@Module({
  providers: [{ provide: MACHINE_REGISTRY, useFactory: createDefaultRegistry }],
  exports: [MACHINE_REGISTRY],
})
export class WorkflowModule {}
