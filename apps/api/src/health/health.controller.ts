import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/auth.decorators';
import { ApiContract, refOf } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Liveness plus database readiness; answers within about two seconds either way. */
  @Public()
  @Get()
  // Listed above the contract so it replaces its problem answer for 503: health reports, it does not fail.
  @ApiResponse({ status: 503, description: 'the database is down', content: { 'application/json': { schema: { $ref: refOf(S.Health) } } } })
  @ApiContract({ summary: 'Liveness and database readiness', response: S.Health, public: true })
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: 'up' | 'down' }> {
    const up = await this.probe();
    if (!up) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down' };
  }

  private async probe(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const query = this.dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
