import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Level, Logger } from 'pino';
import { ROOT_LOGGER } from '@app/telemetry';
import type { Actor } from '@app/workflow';
import { requestId } from './request-id';

/** 5xx at error, other refusals at warn: a refused probe (401/403/404) must be traceable. */
export function levelOf(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/**
 * One JSON line per request when it finishes: its id, method, URL, status, time and who asked.
 * Nothing is built per request beyond the id unless the line is written: no child logger, and no
 * AsyncLocalStorage (on Node 20 that hooks every promise of every request).
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  use(req: Request & { id?: string; actor?: Actor }, res: Response, next: NextFunction): void {
    req.id = requestId(req, res);
    if (req.originalUrl !== '/api/health') {
      const started = performance.now();
      res.once('finish', () => this.line(req, res, started, 'request completed'));
      res.once('close', () => {
        if (!res.writableFinished) this.line(req, res, started, 'request aborted');
      });
    }
    next();
  }

  private line(req: Request & { id?: string; actor?: Actor }, res: Response, started: number, msg: string): void {
    const level = levelOf(res.statusCode);
    if (!this.logger.isLevelEnabled(level)) return;
    const who = req.actor ? { userId: req.actor.id, username: req.actor.username } : {};
    this.logger[level](
      { req: { id: req.id, method: req.method, url: req.originalUrl }, res: { statusCode: res.statusCode }, responseTime: Math.round(performance.now() - started), ...who, ip: req.ip },
      msg,
    );
  }
}
