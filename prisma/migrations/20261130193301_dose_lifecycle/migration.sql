-- AlterEnum
ALTER TYPE "DoseSessionStep" ADD VALUE 'AUTHORISE_LATE';

-- AlterTable
ALTER TABLE "DoseSession" ADD COLUMN     "drawnAt" TIMESTAMPTZ(3),
ADD COLUMN     "drawnMg" INTEGER;

-- AlterTable
ALTER TABLE "Prescription" ADD COLUMN     "route" "DoseRoute" NOT NULL DEFAULT 'IV';

-- CreateTable
CREATE TABLE "DoseLeftover" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "doseSessionId" TEXT NOT NULL,
    "supplyEntryId" TEXT NOT NULL,
    "mg" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DoseLeftover_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DoseLeftover_doseSessionId_key" ON "DoseLeftover"("doseSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "DoseLeftover_supplyEntryId_key" ON "DoseLeftover"("supplyEntryId");

-- CreateIndex
CREATE INDEX "DoseLeftover_siteId_idx" ON "DoseLeftover"("siteId");

-- CreateIndex
CREATE INDEX "ControlledDrugEntry_annotatesId_idx" ON "ControlledDrugEntry"("annotatesId");

-- AddForeignKey
ALTER TABLE "DoseLeftover" ADD CONSTRAINT "DoseLeftover_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseLeftover" ADD CONSTRAINT "DoseLeftover_doseSessionId_fkey" FOREIGN KEY ("doseSessionId") REFERENCES "DoseSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseLeftover" ADD CONSTRAINT "DoseLeftover_supplyEntryId_fkey" FOREIGN KEY ("supplyEntryId") REFERENCES "ControlledDrugEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Drawn diamorphine not given is a controlled-drug record: never rewritten.
CREATE TRIGGER "DoseLeftover_append_only" BEFORE UPDATE OR DELETE ON "DoseLeftover"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
