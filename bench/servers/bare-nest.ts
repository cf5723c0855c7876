import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** Baseline: the fastest a NestJS endpoint on this machine answers a small JSON POST. */
@Controller()
class BareController {
  @Post('turn')
  @HttpCode(200)
  turn(@Body() body: { text?: string }) {
    return { reply: `Echo: ${body.text ?? ''}` };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: (app.getHttpServer().address() as { port: number }).port })}\n`);
