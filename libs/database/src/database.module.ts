import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { SettingsVersions } from './settings-versions';
import { Transactions } from './transaction';

/** The one data source of a process, and the transactions every context runs its writes in. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(options)],
      providers: [Transactions, SettingsVersions],
      exports: [Transactions, SettingsVersions],
    };
  }
}
