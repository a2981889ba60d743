-- Each film's number of ratings and their sum, kept by statement triggers on ratings, so that
-- popularity (the sample's pool of known films, search's order) reads one row a film instead of
-- counting every rating (32 million in the largest MovieLens release).
CREATE TABLE "movie_rating_stats" (
    "movie_id" INTEGER NOT NULL,
    "rating_count" INTEGER NOT NULL,
    "rating_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "movie_rating_stats_pkey" PRIMARY KEY ("movie_id")
);

CREATE INDEX "movie_rating_stats_rating_count_movie_id_idx"
    ON "movie_rating_stats"("rating_count" DESC, "movie_id");

ALTER TABLE "movie_rating_stats" ADD CONSTRAINT "movie_rating_stats_movie_id_fkey"
    FOREIGN KEY ("movie_id") REFERENCES "movies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "movie_rating_stats" ("movie_id", "rating_count", "rating_sum")
SELECT "movie_id", count(*), sum("rating") FROM "ratings" GROUP BY "movie_id";

-- One function for the three statement triggers below: each reads only the transition tables
-- its own trigger declares. Films are touched in id order so that concurrent statements lock
-- their rows in the same order. The body is an escape string whose semicolons are written \073:
-- Prisma's Postgres driver adapter runs a migration split at every semicolon.
CREATE FUNCTION "movie_rating_stats_apply"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO movie_rating_stats AS s (movie_id, rating_count, rating_sum)
    SELECT movie_id, count(*), sum(rating) FROM added GROUP BY movie_id ORDER BY movie_id
    ON CONFLICT (movie_id) DO UPDATE
      SET rating_count = s.rating_count + EXCLUDED.rating_count,
          rating_sum = s.rating_sum + EXCLUDED.rating_sum\073
  ELSIF TG_OP = ''UPDATE'' THEN
    INSERT INTO movie_rating_stats AS s (movie_id, rating_count, rating_sum)
    SELECT movie_id, sum(n), sum(stars)
    FROM (
      SELECT movie_id, 1 AS n, rating::float8 AS stars FROM added
      UNION ALL
      SELECT movie_id, -1, -rating::float8 FROM removed
    ) delta
    GROUP BY movie_id ORDER BY movie_id
    ON CONFLICT (movie_id) DO UPDATE
      SET rating_count = s.rating_count + EXCLUDED.rating_count,
          rating_sum = s.rating_sum + EXCLUDED.rating_sum\073
  ELSIF TG_OP = ''DELETE'' THEN
    UPDATE movie_rating_stats s
    SET rating_count = s.rating_count - d.n, rating_sum = s.rating_sum - d.stars
    FROM (
      SELECT movie_id, count(*) AS n, sum(rating) AS stars FROM removed GROUP BY movie_id
    ) d
    WHERE s.movie_id = d.movie_id\073
  ELSE
    DELETE FROM movie_rating_stats\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "ratings_stats_insert" AFTER INSERT ON "ratings"
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION "movie_rating_stats_apply"();
CREATE TRIGGER "ratings_stats_update" AFTER UPDATE ON "ratings"
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION "movie_rating_stats_apply"();
CREATE TRIGGER "ratings_stats_delete" AFTER DELETE ON "ratings"
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION "movie_rating_stats_apply"();
CREATE TRIGGER "ratings_stats_truncate" AFTER TRUNCATE ON "ratings"
    FOR EACH STATEMENT EXECUTE FUNCTION "movie_rating_stats_apply"();

-- Title search compares titles lower-cased, without accents and with punctuation as spaces,
-- padded with a space each side so that " word" finds a word's start. Stored, so that a search
-- scans ready text rather than normalising every title for every query.
CREATE FUNCTION "movie_search_text"(title text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT ' ' || trim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, title)), '[^[:alnum:]]+', ' ', 'g')) || ' ' $$;

ALTER TABLE "movies" ADD COLUMN "search_title" TEXT
    GENERATED ALWAYS AS ("movie_search_text"("title")) STORED;
-- The same of the title as shown, its article moved to the front ("Matrix, The" is "The Matrix").
ALTER TABLE "movies" ADD COLUMN "search_display_title" TEXT
    GENERATED ALWAYS AS ("movie_search_text"(
      regexp_replace("title", '^(.*), (The|A|An)( \(.*\))?$', '\2 \1\3'))) STORED;
