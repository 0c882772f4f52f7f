-- CreateTable
CREATE TABLE "SessionMonthCount" (
    "episodeId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "outcome" "SessionOutcome" NOT NULL,
    "sessions" INTEGER NOT NULL,

    CONSTRAINT "SessionMonthCount_pkey" PRIMARY KEY ("episodeId","month","outcome")
);

-- CreateIndex
CREATE INDEX "SessionMonthCount_month_idx" ON "SessionMonthCount"("month");

-- CreateIndex
CREATE INDEX "DoseSession_sessionDate_idx" ON "DoseSession"("sessionDate");

-- AddForeignKey
ALTER TABLE "SessionMonthCount" ADD CONSTRAINT "SessionMonthCount_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The board's attendance figures read these counts instead of every dose session. Statement
-- triggers keep them in the same transaction as the change: each INSERT or UPDATE of
-- DoseSession adds its new rows' outcomes and takes away its old rows'. A session without an
-- outcome yet (still open) is not counted. DoseSession rows cannot be deleted.
CREATE FUNCTION hat_session_month_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SessionMonthCount" ("episodeId", month, outcome, sessions)
  SELECT "episodeId", date_trunc('month', "sessionDate")::date, outcome, count(*)::int
  FROM new_rows WHERE outcome IS NOT NULL
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT ("episodeId", month, outcome) DO UPDATE SET sessions = "SessionMonthCount".sessions + EXCLUDED.sessions;
  RETURN NULL;
END;
$$;

CREATE FUNCTION hat_session_month_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "SessionMonthCount" ("episodeId", month, outcome, sessions)
  SELECT "episodeId", month, outcome, sum(change)::int
  FROM (
    SELECT "episodeId", date_trunc('month', "sessionDate")::date AS month, outcome, 1 AS change FROM new_rows WHERE outcome IS NOT NULL
    UNION ALL
    SELECT "episodeId", date_trunc('month', "sessionDate")::date, outcome, -1 FROM old_rows WHERE outcome IS NOT NULL
  ) changes
  GROUP BY 1, 2, 3
  HAVING sum(change) <> 0
  ORDER BY 1, 2, 3
  ON CONFLICT ("episodeId", month, outcome) DO UPDATE SET sessions = "SessionMonthCount".sessions + EXCLUDED.sessions;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "DoseSession_month_counts_insert" AFTER INSERT ON "DoseSession"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hat_session_month_counts_insert();
CREATE TRIGGER "DoseSession_month_counts_update" AFTER UPDATE ON "DoseSession"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION hat_session_month_counts_update();

-- Sessions recorded before this migration.
INSERT INTO "SessionMonthCount" ("episodeId", month, outcome, sessions)
SELECT "episodeId", date_trunc('month', "sessionDate")::date, outcome, count(*)::int
FROM "DoseSession" WHERE outcome IS NOT NULL
GROUP BY 1, 2, 3;
