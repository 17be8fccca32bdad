import { DynamicModule, Global, Module } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import { JsonLogger } from './json-logger';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface TelemetryOptions {
  level: string;
  /** Where JSON log lines go (stdout by default); tests pass a capturing stream. */
  destination?: DestinationStream;
}

/** The process's one pino logger, and Nest's logger on it. */
@Global()
@Module({})
export class TelemetryModule {
  static forRoot(options: TelemetryOptions): DynamicModule {
    const root: Logger = pino({ level: options.level }, options.destination ?? process.stdout);
    return {
      module: TelemetryModule,
      providers: [
        { provide: ROOT_LOGGER, useValue: root },
        { provide: JsonLogger, useValue: new JsonLogger(root) },
      ],
      exports: [ROOT_LOGGER, JsonLogger],
    };
  }
}
