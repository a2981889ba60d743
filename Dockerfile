# syntax=docker/dockerfile:1
# Images of the product, one target per service on a shared base:
#   setup        one-shot: migrate the schema, import MovieLens (downloaded on first run)
#   trainer, recommender, gateway, web   the long-running services
# Each starts the same entry point `npm run demo` starts (services/*/dist/main.js, `next start`).
# Built with internet access, so the optional @tensorflow/tfjs-node installs here and the
# trainer and recommenders use native TensorFlow; where it is missing they fall back to wasm.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app

# Only the manifests, so the dependency layers are rebuilt only when they change.
FROM base AS manifests
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/movielens/package.json packages/movielens/
COPY packages/ncf/package.json packages/ncf/
COPY packages/ncf-lab/package.json packages/ncf-lab/
COPY packages/db/package.json packages/db/
COPY packages/nest-common/package.json packages/nest-common/
COPY services/trainer/package.json services/trainer/
COPY services/recommender/package.json services/recommender/
COPY services/gateway/package.json services/gateway/
COPY services/web/package.json services/web/

# Compilers for native addons: tfjs-node builds from source when no prebuilt binary fits.
FROM manifests AS native-toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# Every dependency, to build.
FROM native-toolchain AS deps
RUN npm ci --no-audit --no-fund

# Run-time dependencies only (tfjs-node included), for the service images.
FROM native-toolchain AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM deps AS build
COPY . .
RUN npm run build \
 && rm -rf services/web/.next/cache

# One-shot setup: the Prisma CLI and tsx it needs are dev dependencies, so it runs on the
# build stage. The MovieLens download is cached in /app/data (a volume in docker-compose.yml).
FROM build AS setup
ENV NODE_ENV=production \
    MOVIELENS_CACHE_DIR=/app/data/movielens
RUN mkdir -p /app/data/movielens && chown -R node:node /app/data
USER node
CMD ["sh", "-c", "npm run --silent db:migrate && node packages/db/dist/cli/import-movielens.js"]

# What every service image holds: production node_modules, the compiled workspaces, the web build.
FROM base AS runtime
ENV NODE_ENV=production
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/packages ./packages
COPY --from=prod-deps /app/services ./services
COPY --from=build /app/packages/contracts/dist ./packages/contracts/dist
COPY --from=build /app/packages/movielens/dist ./packages/movielens/dist
COPY --from=build /app/packages/ncf/dist ./packages/ncf/dist
COPY --from=build /app/packages/db/dist ./packages/db/dist
COPY --from=build /app/packages/nest-common/dist ./packages/nest-common/dist
USER node

FROM runtime AS trainer
COPY --from=build /app/services/trainer/dist ./services/trainer/dist
ENV TRAINER_PORT=4002
EXPOSE 4002
CMD ["node", "services/trainer/dist/main.js"]

FROM runtime AS recommender
COPY --from=build /app/services/recommender/dist ./services/recommender/dist
ENV RECOMMENDER_PORT=4001
EXPOSE 4001
CMD ["node", "services/recommender/dist/main.js"]

FROM runtime AS gateway
COPY --from=build /app/services/gateway/dist ./services/gateway/dist
ENV GATEWAY_PORT=4000
EXPOSE 4000
CMD ["node", "services/gateway/dist/main.js"]

FROM runtime AS web
COPY --from=build /app/services/web/.next ./services/web/.next
COPY --from=build /app/services/web/next.config.ts ./services/web/next.config.ts
EXPOSE 3000
CMD ["node", "node_modules/next/dist/bin/next", "start", "services/web", "-p", "3000"]
