import { proxyOptionsFromEnv, proxyToGateway } from '../../../lib/gateway-proxy';

// Every request goes to the gateway named by GATEWAY_URL at run time; nothing is cached.
export const dynamic = 'force-dynamic';

function forward(request: Request): Promise<Response> {
  return proxyToGateway(request, proxyOptionsFromEnv());
}

export const GET = forward;
export const HEAD = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
