import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { SettingsVersions } from '@app/database';
import { Public } from '../http/auth.decorators';
import { ApiContract, refOf } from '../openapi/api-contract.decorator';
import * as S from '../openapi/response-schemas';

const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsVersions,
  ) {}

  /**
   * Liveness plus readiness: the database answers and this process holds the units, the SLA policy
   * and the calendar (a process that could not load them at start answers 503 until it has).
   * Answers within about two seconds either way.
   */
  @Public()
  @Get()
  // Listed above the contract so it replaces its problem answer for 503: health reports, it does not fail.
  @ApiResponse({ status: 503, description: 'the database is down, or the settings are not loaded yet', content: { 'application/json': { schema: { $ref: refOf(S.Health) } } } })
  @ApiContract({ summary: 'Liveness and database readiness', response: S.Health, public: true })
  async check(@Res({ passthrough: true }) res: Response): Promise<{ status: string; database: 'up' | 'down'; settings: 'loaded' | 'loading' }> {
    const up = await this.within(this.dataSource.query('SELECT 1'));
    const loaded = this.settings.ready || (up && (await this.within(this.settings.loadMissing())) && this.settings.ready);
    if (!up || !loaded) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up && loaded ? 'ok' : 'unavailable', database: up ? 'up' : 'down', settings: loaded ? 'loaded' : 'loading' };
  }

  private async within(work: Promise<unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    const done = work.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
