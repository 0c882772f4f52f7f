-- CreateTable
CREATE TABLE "PrescriberLicence" (
    "id" TEXT NOT NULL,
    "prescriberId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "expiresOn" DATE NOT NULL,
    "recordedById" TEXT NOT NULL,
    "confirmedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrescriberLicence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrescriberLicenceRevocation" (
    "id" TEXT NOT NULL,
    "licenceId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "confirmedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrescriberLicenceRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrescriberLicence_prescriberId_siteId_idx" ON "PrescriberLicence"("prescriberId", "siteId");

-- CreateIndex
CREATE INDEX "PrescriberLicence_siteId_idx" ON "PrescriberLicence"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "PrescriberLicenceRevocation_licenceId_key" ON "PrescriberLicenceRevocation"("licenceId");

-- AddForeignKey
ALTER TABLE "PrescriberLicence" ADD CONSTRAINT "PrescriberLicence_prescriberId_fkey" FOREIGN KEY ("prescriberId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicence" ADD CONSTRAINT "PrescriberLicence_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicence" ADD CONSTRAINT "PrescriberLicence_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicence" ADD CONSTRAINT "PrescriberLicence_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicenceRevocation" ADD CONSTRAINT "PrescriberLicenceRevocation_licenceId_fkey" FOREIGN KEY ("licenceId") REFERENCES "PrescriberLicence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicenceRevocation" ADD CONSTRAINT "PrescriberLicenceRevocation_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrescriberLicenceRevocation" ADD CONSTRAINT "PrescriberLicenceRevocation_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A licence record is a regulated record like a prescription: never rewritten. A renewal is
-- a new row; a withdrawal is a revocation row, itself never rewritten or removed.
CREATE TRIGGER "PrescriberLicence_append_only" BEFORE UPDATE OR DELETE ON "PrescriberLicence"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "PrescriberLicenceRevocation_append_only" BEFORE UPDATE OR DELETE ON "PrescriberLicenceRevocation"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
