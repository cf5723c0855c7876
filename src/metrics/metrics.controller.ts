import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { metricsAccess } from './metrics-access.js';
import { OperationsMetrics } from './operations-metrics.js';

@ApiTags('public')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: OperationsMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth('metrics')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary:
      'Prometheus metrics: turns by channel and their duration, outbox depth and oldest wait, sends by result, deadline checks and misses, the inbound queue, and the process',
    description:
      'With `METRICS_TOKEN` set, send it as `Authorization: Bearer <token>`; without it, only callers on the same machine (by the connection\'s address, never X-Forwarded-For) are answered.',
  })
  @ApiResponse({ status: 200, description: 'The Prometheus text format' })
  @ApiResponse({ status: 401, description: 'METRICS_TOKEN is set and no bearer token was sent' })
  @ApiResponse({ status: 403, description: 'A token other than METRICS_TOKEN, or (with no METRICS_TOKEN set) a caller on another machine' })
  async read(@Req() request: Request, @Res() response: Response): Promise<void> {
    const access = metricsAccess(this.config.METRICS_TOKEN, request.headers.authorization, request.socket.remoteAddress);
    if (!access.allowed) {
      if (access.status === 401) response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(access.status).json({ statusCode: access.status, code: access.code, message: access.message });
      return;
    }
    const text = await this.metrics.registry.metrics();
    response.status(200).type(this.metrics.registry.contentType).setHeader('Cache-Control', 'no-store').send(text);
  }
}
