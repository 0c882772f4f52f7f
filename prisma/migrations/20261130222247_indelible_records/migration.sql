-- Issue 16, finding 6: records meant to be indelible are indelible at the database.
-- A hold is cleared by a new row (HoldClearance) pointing at it, so holds, their
-- clearances, adverse events and stock checks are append-only; a finished dose session
-- keeps its outcome; and no table can be emptied with TRUNCATE.

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "HoldClearance" (
    "id" TEXT NOT NULL,
    "holdId" TEXT NOT NULL,
    "clearedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedById" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "prescriptionId" TEXT,

    CONSTRAINT "HoldClearance_pkey" PRIMARY KEY ("id")
);

-- Holds cleared before this migration keep their clearance, as a row of its own.
INSERT INTO "HoldClearance" ("id", "holdId", "clearedAt", "clearedById", "note", "prescriptionId")
SELECT 'hc_' || "id", "id", "clearedAt", "clearedById", COALESCE("clearNote", ''), "clearingPrescriptionId"
FROM "Hold" WHERE "clearedAt" IS NOT NULL;

-- DropForeignKey
ALTER TABLE "Hold" DROP CONSTRAINT "Hold_clearedById_fkey";

-- DropForeignKey
ALTER TABLE "Hold" DROP CONSTRAINT "Hold_clearingPrescriptionId_fkey";

-- DropIndex
DROP INDEX "Hold_participantId_clearedAt_idx";

-- AlterTable
ALTER TABLE "Hold" DROP COLUMN "clearNote",
DROP COLUMN "clearedAt",
DROP COLUMN "clearedById",
DROP COLUMN "clearingPrescriptionId";

-- CreateIndex
CREATE UNIQUE INDEX "HoldClearance_holdId_key" ON "HoldClearance"("holdId");

-- CreateIndex
CREATE INDEX "Hold_participantId_idx" ON "Hold"("participantId");

-- AddForeignKey
ALTER TABLE "HoldClearance" ADD CONSTRAINT "HoldClearance_holdId_fkey" FOREIGN KEY ("holdId") REFERENCES "Hold"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoldClearance" ADD CONSTRAINT "HoldClearance_clearedById_fkey" FOREIGN KEY ("clearedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoldClearance" ADD CONSTRAINT "HoldClearance_prescriptionId_fkey" FOREIGN KEY ("prescriptionId") REFERENCES "Prescription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Append-only: corrections are new rows that point at the row they resolve.
CREATE TRIGGER "Hold_append_only" BEFORE UPDATE OR DELETE ON "Hold"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "HoldClearance_append_only" BEFORE UPDATE OR DELETE ON "HoldClearance"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "AdverseEvent_append_only" BEFORE UPDATE OR DELETE ON "AdverseEvent"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "StockCheck_append_only" BEFORE UPDATE OR DELETE ON "StockCheck"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();

-- A dose session moves through its stages until it is finished (signed off or closed);
-- from then on its header is the record of what happened and is not changed. The one
-- exception is a correction the dose log already holds: a prescriber's late-dose
-- authorisation (an AUTHORISE_LATE event, written first) for someone marked missed at the
-- close, which reopens that session at check-in and nothing else.
CREATE FUNCTION hat_finished_dose_session_unchanged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.stage NOT IN ('SIGNED_OFF', 'CLOSED') THEN
    RETURN NEW;
  END IF;
  IF OLD.stage = 'CLOSED' AND OLD.outcome = 'MISSED'
     AND NEW.stage = 'CHECKED_IN' AND NEW.outcome IS NULL AND NEW."givenMg" IS NULL
     AND NEW."drawnMg" IS NULL AND NEW."drawnAt" IS NULL AND NEW."administeredAt" IS NULL AND NEW."observationEndsAt" IS NULL
     AND (NEW.id, NEW."siteId", NEW."participantId", NEW."episodeId", NEW."sessionDate", NEW.slot, NEW."createdAt")
         IS NOT DISTINCT FROM (OLD.id, OLD."siteId", OLD."participantId", OLD."episodeId", OLD."sessionDate", OLD.slot, OLD."createdAt")
     AND EXISTS (SELECT 1 FROM "DoseSessionEvent" WHERE "doseSessionId" = OLD.id AND step = 'AUTHORISE_LATE') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'DoseSession rows are append-only once finished: UPDATE is not allowed on a % session', OLD.stage
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "DoseSession_finished_unchanged" BEFORE UPDATE ON "DoseSession"
  FOR EACH ROW EXECUTE FUNCTION hat_finished_dose_session_unchanged();

-- No table is emptied wholesale: TRUNCATE fires no row triggers, so each table gets a
-- statement trigger (AuditEvent has had one since append_only_guards). A test fails when a
-- table lacks one, so a later migration adding a table adds its own.
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'AuditEvent')
    ORDER BY tablename
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change()', t || '_no_truncate', t);
  END LOOP;
END;
$$;
