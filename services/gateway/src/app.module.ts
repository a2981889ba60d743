import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MetricsModule, loggingModule } from '@marquee/nest-common';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsModule } from './accounts/accounts.module';
import { ConfigModule } from './config/config.module';
import { ControlsModule } from './controls/controls.module';
import { NotInterestedController } from './controls/not-interested.controller';
import { WatchlistController } from './controls/watchlist.controller';
import type { GatewayConfig } from './config/gateway-config';
import { DatabaseModule } from './database/database.module';
import { DeadlineGuard } from './deadlines/deadline.guard';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { HealthModule } from './health/health.module';
import { GatewayMetricsModule } from './metrics/gateway-metrics.module';
import { ImportBodyMiddleware, JsonBodyMiddleware } from './http/json-body.middleware';
import { RateLimitModule } from './http/rate-limit.module';
import { IdentityMiddleware } from './identity/identity.middleware';
import { IdentityModule } from './identity/identity.module';
import { ExportsController, ImportsController } from './imports/imports.controller';
import { ImportsModule } from './imports/imports.module';
import { ProfileController } from './identity/profile.controller';
import { MoviesController } from './movies/movies.controller';
import { MoviesModule } from './movies/movies.module';
import { QueueModule } from './queue/queue.module';
import { RatingsController } from './ratings/ratings.controller';
import { RatingsModule } from './ratings/ratings.module';
import { MovieForMeController } from './recommendations/movie-for-me.controller';
import { RecommendationsController } from './recommendations/recommendations.controller';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SkipsController } from './skips/skips.controller';
import { SkipsModule } from './skips/skips.module';
// Admin API and model registry.
import { AdminModelsController } from './admin/admin-models.controller';
import { AdminModule } from './admin/admin.module';
import { AdminTrainController } from './admin/admin-train.controller';
import { AdminSessionController } from './admin/admin-session.controller';
import { AdminTrainEventsController } from './admin/admin-train-events.controller';
import { ModelsModule } from './models/models.module';
import { TrainingProgressModule } from './training/training-progress.module';

/** The /api/admin controllers: JSON bodies, but no anonymous identity cookie. */
const ADMIN_CONTROLLERS = [
  AdminTrainController,
  AdminModelsController,
  AdminSessionController,
  AdminTrainEventsController,
];

/** The /api controllers: each gets JSON body parsing and the anonymous identity. */
const API_CONTROLLERS = [
  MoviesController,
  ProfileController,
  AccountsController,
  RatingsController,
  SkipsController,
  NotInterestedController,
  WatchlistController,
  RecommendationsController,
  MovieForMeController,
  ExportsController,
];

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule({ service: 'gateway', ...config.logging }),
        // On its own port (METRICS_PORT), never on the public one.
        MetricsModule.forRoot({ service: 'gateway', listener: config.metrics }),
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueueModule,
        IdentityModule,
        AccountsModule,
        MoviesModule,
        RatingsModule,
        SkipsModule,
        ControlsModule,
        ImportsModule,
        RecommendationsModule,
        HealthModule,
        ModelsModule,
        AdminModule,
        TrainingProgressModule,
        RateLimitModule,
        GatewayMetricsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        // Each request's deadline, which the retries of Postgres and Redis work keep to.
        { provide: APP_GUARD, useClass: DeadlineGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware, IdentityMiddleware).forRoutes(...API_CONTROLLERS);
    // An import's body is a whole file: its own, larger limit.
    consumer.apply(ImportBodyMiddleware, IdentityMiddleware).forRoutes(ImportsController);
    consumer.apply(JsonBodyMiddleware).forRoutes(...ADMIN_CONTROLLERS);
  }
}
