-- CreateEnum
CREATE TYPE "BackEntryOutcome" AS ENUM ('APPROVED', 'REJECTED');

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "backEntered" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ControlledDrugEntry" ADD COLUMN     "backEntered" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "DoseSession" ADD COLUMN     "backEntered" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BackEntry" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "sessionDate" DATE NOT NULL,
    "slot" "SessionSlot" NOT NULL,
    "arrivedAt" TIMESTAMPTZ(3) NOT NULL,
    "drawnAt" TIMESTAMPTZ(3) NOT NULL,
    "givenAt" TIMESTAMPTZ(3) NOT NULL,
    "signedOffAt" TIMESTAMPTZ(3) NOT NULL,
    "doseMg" INTEGER NOT NULL,
    "partialReason" TEXT,
    "injectionSite" TEXT,
    "productId" TEXT NOT NULL,
    "batch" TEXT NOT NULL,
    "witnessId" TEXT NOT NULL,
    "enteredById" TEXT NOT NULL,
    "enteredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackEntryDecision" (
    "id" TEXT NOT NULL,
    "backEntryId" TEXT NOT NULL,
    "outcome" "BackEntryOutcome" NOT NULL,
    "reason" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "doseSessionId" TEXT,

    CONSTRAINT "BackEntryDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BackEntry_siteId_sessionDate_slot_idx" ON "BackEntry"("siteId", "sessionDate", "slot");

-- CreateIndex
CREATE INDEX "BackEntry_participantId_sessionDate_slot_idx" ON "BackEntry"("participantId", "sessionDate", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "BackEntryDecision_backEntryId_key" ON "BackEntryDecision"("backEntryId");

-- CreateIndex
CREATE UNIQUE INDEX "BackEntryDecision_doseSessionId_key" ON "BackEntryDecision"("doseSessionId");

-- AddForeignKey
ALTER TABLE "BackEntry" ADD CONSTRAINT "BackEntry_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntry" ADD CONSTRAINT "BackEntry_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntry" ADD CONSTRAINT "BackEntry_productId_fkey" FOREIGN KEY ("productId") REFERENCES "DrugProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntry" ADD CONSTRAINT "BackEntry_witnessId_fkey" FOREIGN KEY ("witnessId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntry" ADD CONSTRAINT "BackEntry_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntryDecision" ADD CONSTRAINT "BackEntryDecision_backEntryId_fkey" FOREIGN KEY ("backEntryId") REFERENCES "BackEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntryDecision" ADD CONSTRAINT "BackEntryDecision_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackEntryDecision" ADD CONSTRAINT "BackEntryDecision_doseSessionId_fkey" FOREIGN KEY ("doseSessionId") REFERENCES "DoseSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Back-entries and their decisions are clinical records: never rewritten, never emptied.
CREATE TRIGGER "BackEntry_append_only" BEFORE UPDATE OR DELETE ON "BackEntry"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "BackEntryDecision_append_only" BEFORE UPDATE OR DELETE ON "BackEntryDecision"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "BackEntry_no_truncate" BEFORE TRUNCATE ON "BackEntry" FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "BackEntryDecision_no_truncate" BEFORE TRUNCATE ON "BackEntryDecision" FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
