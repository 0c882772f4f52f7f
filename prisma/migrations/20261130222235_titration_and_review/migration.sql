-- Induction and titration become dated phases of the episode (issue 15, finding 5).
ALTER TABLE "Episode" ADD COLUMN "stableFrom" TIMESTAMPTZ(3),
ADD COLUMN "titrationFrom" TIMESTAMPTZ(3);

-- The titration began with the episode's first prescription; an episode that had left
-- induction is taken as stable from the first prescription written without the tick.
UPDATE "Episode" e SET
  "titrationFrom" = (SELECT min(p."startsAt") FROM "Prescription" p WHERE p."episodeId" = e.id),
  "stableFrom" = CASE WHEN e."inInduction" THEN NULL ELSE COALESCE(
    (SELECT min(p."startsAt") FROM "Prescription" p WHERE p."episodeId" = e.id AND NOT p.induction),
    (SELECT min(p."startsAt") FROM "Prescription" p WHERE p."episodeId" = e.id)) END;

ALTER TABLE "Episode" DROP COLUMN "inInduction";

-- Each prescription is reviewed by a date (finding 7). Existing versions get the clinic's
-- default of 28 days from their start; the append-only guard is lifted for this one
-- backfill of a new column and put back in the same transaction.
ALTER TABLE "Prescription" ADD COLUMN "reviewBy" DATE,
ADD COLUMN "stableDose" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Prescription" DISABLE TRIGGER "Prescription_append_only";
UPDATE "Prescription" SET "reviewBy" = ("startsAt" AT TIME ZONE 'Europe/London')::date + 28;
ALTER TABLE "Prescription" ENABLE TRIGGER "Prescription_append_only";
ALTER TABLE "Prescription" ALTER COLUMN "reviewBy" SET NOT NULL;
