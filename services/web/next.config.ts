import type { NextConfig } from 'next';

// /api is forwarded to the gateway by src/app/api/[...path]/route.ts, which reads GATEWAY_URL
// when a request arrives: the build does not depend on where the gateway runs.
const nextConfig: NextConfig = {};

export default nextConfig;
