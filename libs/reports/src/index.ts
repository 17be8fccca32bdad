export * from './application/unit-report.service';
export * from './domain/metrics';
export * from './domain/report-cell';
export * from './domain/report-period';
export * from './reports.module';
export * from './application/ranking.service';
export * from './domain/ranking';
