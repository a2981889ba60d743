-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "user_kind" AS ENUM ('MOVIELENS', 'APP');

-- CreateEnum
CREATE TYPE "model_status" AS ENUM ('TRAINING', 'READY', 'ACTIVE', 'FAILED', 'RETIRED');

-- CreateTable
CREATE TABLE "movies" (
    "id" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "genres" TEXT[],
    "imdb_id" TEXT,
    "tmdb_id" INTEGER,
    "poster_path" TEXT,
    "poster_checked_at" TIMESTAMP(3),

    CONSTRAINT "movies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "kind" "user_kind" NOT NULL,
    "movielens_id" INTEGER,
    "anon_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ratings" (
    "user_id" INTEGER NOT NULL,
    "movie_id" INTEGER NOT NULL,
    "rating" REAL NOT NULL,
    "rated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ratings_pkey" PRIMARY KEY ("user_id","movie_id")
);

-- CreateTable
CREATE TABLE "skips" (
    "user_id" INTEGER NOT NULL,
    "movie_id" INTEGER NOT NULL,
    "skipped_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "skips_pkey" PRIMARY KEY ("user_id","movie_id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "version" SERIAL NOT NULL,
    "status" "model_status" NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMP(3),
    "activated_at" TIMESTAMP(3),
    "config" JSONB NOT NULL,
    "metrics" JSONB,
    "data_snapshot" JSONB,
    "checksum" TEXT,
    "size_bytes" INTEGER,
    "failure_reason" TEXT,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "model_artifacts" (
    "version" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "model_artifacts_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_movielens_id_key" ON "users"("movielens_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_anon_id_key" ON "users"("anon_id");

-- CreateIndex
CREATE INDEX "ratings_movie_id_idx" ON "ratings"("movie_id");

-- CreateIndex
CREATE INDEX "model_versions_status_idx" ON "model_versions"("status");

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_movie_id_fkey" FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skips" ADD CONSTRAINT "skips_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "skips" ADD CONSTRAINT "skips_movie_id_fkey" FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_artifacts" ADD CONSTRAINT "model_artifacts_version_fkey" FOREIGN KEY ("version") REFERENCES "model_versions"("version") ON DELETE CASCADE ON UPDATE CASCADE;


-- Constraints the Prisma schema cannot express.
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_rating_half_stars"
  CHECK ("rating" >= 0.5 AND "rating" <= 5 AND ("rating" * 2) = floor("rating" * 2));

-- At most one model version is active at a time.
CREATE UNIQUE INDEX "model_versions_one_active" ON "model_versions" ("status") WHERE "status" = 'ACTIVE';
