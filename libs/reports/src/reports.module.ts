import { Module } from '@nestjs/common';
import { EscalationModule } from '@app/escalation';
import { UnitReportService } from './application/unit-report.service';
import { ReportRepository } from './persistence/report.repository';

@Module({ imports: [EscalationModule], providers: [UnitReportService, ReportRepository], exports: [UnitReportService] })
export class ReportsModule {}
