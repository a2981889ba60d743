import {
  Body,
  Controller,
  Get,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Post,
  Put,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { GATEWAY_CONFIG, loadGatewayConfig } from '../config/gateway-config';
import { JsonBodyMiddleware } from '../http/json-body.middleware';
import { currentDeadline } from './deadline';
import { startDeadlineScope } from './deadline-scope.middleware';
import { DeadlineGuard } from './deadline.guard';
import { RouteDeadline } from './route-deadline.decorator';

const config = loadGatewayConfig({
  WRITE_DEADLINE_MS: '8000',
  READ_DEADLINE_MS: '5000',
  RECOMMEND_TIMEOUT_MS: '3000',
});

/** What a handler sees: the time left on its request's deadline, after an await. */
async function remaining(): Promise<number | null> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return currentDeadline()?.remainingMs() ?? null;
}

@Controller('t')
class ProbeController {
  @Get('read')
  read() {
    return remaining().then((ms) => ({ ms }));
  }

  @Put('write')
  @RouteDeadline('write')
  write(@Body() body: unknown) {
    return remaining().then((ms) => ({ ms, body }));
  }

  @Post('recommend')
  @RouteDeadline('recommend')
  recommend() {
    return remaining().then((ms) => ({ ms }));
  }
}

@Module({
  controllers: [ProbeController],
  providers: [
    { provide: GATEWAY_CONFIG, useValue: config },
    { provide: APP_GUARD, useClass: DeadlineGuard },
  ],
})
class ProbeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes(ProbeController);
  }
}

describe('request deadlines (startDeadlineScope + DeadlineGuard)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false });
    app.use(startDeadlineScope);
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const expectWithin = (ms: unknown, total: number) => {
    expect(typeof ms).toBe('number');
    expect(ms as number).toBeLessThanOrEqual(total);
    expect(ms as number).toBeGreaterThan(total - 1_000);
  };

  it('gives a route without a kind the read deadline', async () => {
    const res = await request(app.getHttpServer()).get('/t/read').expect(200);
    expectWithin((res.body as { ms: unknown }).ms, 5_000);
  });

  it("gives a write route the write deadline, seen after the JSON body's parsing", async () => {
    const res = await request(app.getHttpServer()).put('/t/write').send({ stars: 4 }).expect(200);
    const body = res.body as { ms: unknown; body: unknown };
    expectWithin(body.ms, 8_000);
    expect(body.body).toEqual({ stars: 4 });
  });

  it('gives the recommend route its own deadline', async () => {
    const res = await request(app.getHttpServer()).post('/t/recommend').expect(201);
    expectWithin((res.body as { ms: unknown }).ms, 3_000);
  });

  it('keeps concurrent requests apart', async () => {
    const server = app.getHttpServer();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? request(server).get('/t/read') : request(server).put('/t/write').send({}),
      ),
    );
    answers.forEach((res, i) =>
      expectWithin((res.body as { ms: unknown }).ms, i % 2 === 0 ? 5_000 : 8_000),
    );
  });

  it('has no deadline outside a request', () => {
    expect(currentDeadline()).toBeUndefined();
  });
});
