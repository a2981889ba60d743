-- Title search folds accents ("Léon" matches "leon") with Postgres' unaccent (contrib;
-- a trusted extension since PostgreSQL 13, so the database owner may create it).
CREATE EXTENSION IF NOT EXISTS "unaccent";
