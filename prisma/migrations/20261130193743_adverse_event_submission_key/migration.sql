-- AlterTable
ALTER TABLE "AdverseEvent" ADD COLUMN     "submissionKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AdverseEvent_submissionKey_key" ON "AdverseEvent"("submissionKey");
