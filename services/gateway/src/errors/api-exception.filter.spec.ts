import { Controller, Get, Logger, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiExceptionFilter } from './api-exception.filter';
import { DomainError } from './domain-error';

@Controller()
class FailingController {
  @Get('boom')
  boom(): never {
    throw new Error('database exploded');
  }

  @Get('timeout')
  timeout(): never {
    throw new DomainError('RECOMMEND_TIMEOUT', 'No answer in time');
  }
}

@Module({
  controllers: [FailingController],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
class FailingModule {}

describe('ApiExceptionFilter', () => {
  let app: INestApplication;
  const logged: unknown[][] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [FailingModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it('answers an unknown error with a generic 500 and logs method, path and stack', async () => {
    const res = await request(app.getHttpServer()).get('/boom?x=1').expect(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(JSON.stringify(res.body)).not.toContain('exploded');
    const [message, stack] = logged.at(-1) ?? [];
    expect(message).toContain('GET /boom?x=1');
    expect(stack).toEqual(expect.stringContaining('Error: database exploded'));
    expect(stack).toEqual(expect.stringContaining('FailingController.boom'));
  });

  it('maps a domain error by its code', async () => {
    const res = await request(app.getHttpServer()).get('/timeout').expect(504);
    expect(res.body).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      code: 'RECOMMEND_TIMEOUT',
      message: 'No answer in time',
    });
  });
});
