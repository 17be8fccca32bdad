import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

type Method = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/**
 * Nest's logger on pino, one JSON line per call. Takes Nest's calls (message, [stack,] context)
 * and pino's (fields, message): `logger.warn({ err }, 'database unavailable')`.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Method, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level as Level)) return;
    const params = [...rest];
    // Nest's Logger('Name') appends its name as the last argument.
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const base = context ? { context } : {};
    if (message instanceof Error) {
      this.pino[level]({ ...base, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...base, ...(message as object) }, typeof params[0] === 'string' ? params[0] : undefined);
    } else {
      const stack = level === 'error' && typeof params[0] === 'string' ? { stack: params[0] } : {};
      this.pino[level]({ ...base, ...stack }, String(message));
    }
  }
}
