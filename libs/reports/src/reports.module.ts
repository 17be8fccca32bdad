import { Module } from '@nestjs/common';
import { EscalationModule } from '@app/escalation';
import { RankingService } from './application/ranking.service';
import { UnitReportService } from './application/unit-report.service';
import { RankingWeightsRepository } from './persistence/ranking-weights.repository';
import { ReportRepository } from './persistence/report.repository';

@Module({
  imports: [EscalationModule],
  providers: [UnitReportService, RankingService, ReportRepository, RankingWeightsRepository],
  exports: [UnitReportService, RankingService],
})
export class ReportsModule {}
