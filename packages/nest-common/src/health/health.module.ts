import {
  Controller,
  Get,
  Inject,
  Module,
  ServiceUnavailableException,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
} from '@nestjs/common';
import { runReadinessChecks, type ReadinessCheck } from './readiness-checks';

export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

export type CheckResult = 'up' | `down: ${string}`;

/** What readiness checks, built once by HealthModule's factory. */
export interface ReadinessSetup {
  checks: ReadinessCheck[];
  /** Extra fields of every readiness answer (e.g. the served model version), read after the checks. */
  details?: () => Record<string, unknown>;
  /** Per check; DEFAULT_CHECK_TIMEOUT_MS when left out. */
  timeoutMs?: number;
}

export interface HealthModuleOptions {
  /** Modules that export what `inject` names (the DB and REDIS tokens are global). */
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: FactoryProvider<ReadinessSetup>['useFactory'];
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
  [detail: string]: unknown;
}

const READINESS_SETUP = Symbol('READINESS_SETUP');

@Controller('health')
class HealthController {
  constructor(@Inject(READINESS_SETUP) private readonly setup: ReadinessSetup) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when every check answers; 503 naming the ones that do not. */
  @Get('ready')
  async ready(): Promise<ReadinessReport & { status: 'ok' }> {
    const report = await this.readiness();
    if (!report.ready) {
      throw new ServiceUnavailableException({ status: 'unavailable', ...report });
    }
    return { status: 'ok', ...report };
  }

  private async readiness(): Promise<ReadinessReport> {
    const { checks, details, timeoutMs = DEFAULT_CHECK_TIMEOUT_MS } = this.setup;
    const outcomes = await runReadinessChecks(checks, timeoutMs);
    return {
      ready: outcomes.every((o) => o.problem === null),
      ...details?.(),
      checks: Object.fromEntries(
        outcomes.map((o): [string, CheckResult] => [
          o.name,
          o.problem === null ? 'up' : `down: ${o.problem}`,
        ]),
      ),
    };
  }
}

/**
 * GET /health/live (always 200) and GET /health/ready: 200 `{ status: 'ok', ready, ...details,
 * checks }` when every check answers, else 503 with `status: 'unavailable'` and the same fields.
 */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_SETUP, inject: options.inject ?? [], useFactory: options.useFactory },
      ],
    };
  }
}
