import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DynamicModule, Type } from '@nestjs/common';
import { AppModule, loadGatewayConfig } from '@marquee/gateway';
import { buildCatalogue, GATEWAY_ROUTES } from './catalogue';

/** Routes outside the /api prefix (app.factory.ts excludes them). /metrics is on METRICS_PORT. */
const UNPREFIXED = /^\/health\//;

function controllersOf(module: Type | DynamicModule, seen = new Set<unknown>()): Type[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const dynamic = 'module' in module ? module : null;
  const cls = dynamic ? dynamic.module : (module as Type);
  const controllers: Type[] = [
    ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type[] | undefined) ?? []),
    ...(dynamic?.controllers ?? []),
  ];
  const imports = [
    ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as
      (Type | DynamicModule)[] | undefined) ?? []),
    ...((dynamic?.imports ?? []) as (Type | DynamicModule)[]),
  ];
  return [...controllers, ...imports.flatMap((m) => controllersOf(m, seen))];
}

/** "GET /api/ratings/:movieId" for every handler of every controller of the gateway. */
function declaredRoutes(): string[] {
  const app = AppModule.forRoot(loadGatewayConfig({}));
  const routes = new Set<string>();
  for (const controller of controllersOf(app)) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      let path = `/${base}/${sub}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      if (!UNPREFIXED.test(path)) path = `/api${path}`;
      routes.add(`${RequestMethod[method]} ${path}`);
    }
  }
  return [...routes].sort();
}

describe('the bad-input catalogue', () => {
  it('names exactly the routes the gateway declares', () => {
    expect([...GATEWAY_ROUTES].sort()).toEqual(declaredRoutes());
  });

  it('fires at every route, at least 1,000 requests, of every kind', () => {
    const catalogue = buildCatalogue(
      'an-admin-token-for-the-catalogue',
      'marquee_uid=s%3Auser.sig',
      {
        username: 'proof-account',
        password: 'the proof password',
        session: 'marquee_session=s%3Aaccount.sig',
        otherSession: 'marquee_session=s%3Aother.sig',
        revokedSession: 'marquee_session=s%3Arevoked.sig',
        deletedAccountSession: 'marquee_session=s%3Adeleted.sig',
      },
    );
    expect(catalogue.length).toBeGreaterThanOrEqual(1000);
    const covered = new Set(catalogue.map((r) => r.route));
    expect(GATEWAY_ROUTES.filter((r) => !covered.has(r))).toEqual([]);
    const kinds = new Set(catalogue.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(
      ['credentials', 'injection', 'malformed', 'oversized', 'wrong-type'].sort(),
    );
    // Requests the admin API must refuse never carry the real token in a way it accepts.
    for (const r of catalogue.filter((c) => c.kind === 'credentials')) {
      expect(r.headers.authorization).not.toBe('Bearer an-admin-token-for-the-catalogue');
    }
    // No request could sign up, sign the account out, or change or delete it.
    for (const r of catalogue) {
      const text = r.body?.toString('utf8') ?? '';
      if (r.route === 'POST /api/account/signout' && r.headers.cookie?.includes('account.sig')) {
        expect(r.expect).toBe('reject');
      }
      if (
        r.method === 'DELETE' &&
        r.path === '/api/account' &&
        r.headers.cookie?.includes('account.sig')
      ) {
        expect(text).not.toBe(JSON.stringify({ password: 'the proof password' }));
      }
    }
  });
});
