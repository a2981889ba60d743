# One image for every Node service (trainer, recommender, gateway, web, setup); compose picks
# the entry point. Built with internet access, so the optional @tensorflow/tfjs-node installs
# here and the services use the native TensorFlow backend (wasm is the fallback elsewhere).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/movielens/package.json packages/movielens/
COPY packages/ncf/package.json packages/ncf/
COPY packages/db/package.json packages/db/
COPY services/trainer/package.json services/trainer/
COPY services/recommender/package.json services/recommender/
COPY services/gateway/package.json services/gateway/
COPY services/web/package.json services/web/
RUN npm ci --no-audit --no-fund

FROM deps AS build
ARG GATEWAY_URL=http://gateway:4000
ENV GATEWAY_URL=${GATEWAY_URL} NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build && npm prune --omit=dev --workspaces --include-workspace-root=false || true

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# Default: the gateway. docker-compose.yml sets each service's command.
CMD ["node", "services/gateway/dist/main.js"]
