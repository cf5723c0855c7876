import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

@ApiTags('public')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database check, for load balancers and monitors' })
  @ApiResponse({ status: 200, description: '`{ "status": "ok", "database": ... }`' })
  async check() {
    await this.dataSource.query('SELECT 1');
    return { status: 'ok', database: this.dataSource.options.type };
  }
}
