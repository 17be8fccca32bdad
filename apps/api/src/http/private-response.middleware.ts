import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * API answers depend on who asks (masked callers, the buttons a role may press), and county
 * offices share PCs: nothing is kept by a browser or proxy, and no conditional request is ever
 * answered 304 — Express would do so for any user who presents another user's ETag.
 */
@Injectable()
export class PrivateResponseMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Vary', 'Authorization');
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    next();
  }
}
