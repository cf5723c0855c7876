import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DatabaseHealthRepository } from './database-health.repository.js';

@ApiTags('public')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHealthRepository) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database check, for load balancers and monitors' })
  @ApiResponse({ status: 200, description: '`{ "status": "ok", "database": ... }`' })
  async check() {
    return { status: 'ok', database: await this.database.ping() };
  }
}
