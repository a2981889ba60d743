export { createGatewayApp, type GatewayAppOptions } from './app.factory';
export { AppModule } from './app.module';
export {
  GATEWAY_CONFIG,
  type GatewayConfig,
  gatewayEnvSchema,
  loadGatewayConfig,
} from './config/gateway-config';
export { HealthController as GatewayHealthController } from './health/health.controller';
export { DomainError, ERROR_STATUS, type ErrorCode } from './errors/domain-error';
export { IDENTITY_COOKIE } from './identity/identity.middleware';
export { PosterService } from './movies/poster.service';
