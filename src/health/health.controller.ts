import { Controller, Get, Logger, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DatabaseHealthRepository } from './database-health.repository.js';
import { InstanceState } from './instance-state.js';
import { readiness, type Readiness } from './readiness.js';

@ApiTags('public')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly database: DatabaseHealthRepository,
    private readonly instance: InstanceState,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Database check, for monitors that predate /health/live and /health/ready' })
  @ApiResponse({ status: 200, description: '`{ "status": "ok", "database": "better-sqlite3" }` once the database answers' })
  async check() {
    return { status: 'ok', database: await this.database.ping() };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (the database is not asked), for restarting a hung instance' })
  @ApiResponse({ status: 200, description: '`{ "status": "live" }`' })
  live() {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness, for load balancers: the database answers, every migration of this build has run, and the instance is not shutting down',
  })
  @ApiResponse({ status: 200, description: '`{ "status": "ready", "database": "postgres", "migrations": 10 }`' })
  @ApiResponse({
    status: 503,
    description:
      '`{ "status": "not_ready", "reasons": [...], "database": ..., "pendingMigrations": [...] }`; reasons are `shutting_down`, `database_unreachable` and `migrations_pending`',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness['body']> {
    const result = readiness({ ...(await this.databaseFacts()), known: this.database.knownMigrations(), draining: this.instance.draining });
    if (!result.ready) response.status(503);
    return result.body;
  }

  private async databaseFacts(): Promise<{ database: string | null; applied: string[] }> {
    try {
      const database = await this.database.ping();
      return { database, applied: await this.database.appliedMigrations() };
    } catch (error) {
      // the error may name the server and its user: the log has it, the answer does not
      this.logger.warn({ err: error }, 'The readiness check could not read the database');
      return { database: null, applied: [] };
    }
  }
}
