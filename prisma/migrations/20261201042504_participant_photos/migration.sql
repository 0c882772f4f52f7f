-- CreateTable
CREATE TABLE "ParticipantPhoto" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "takenById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ParticipantPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ParticipantPhoto_participantId_createdAt_idx" ON "ParticipantPhoto"("participantId", "createdAt");

-- AddForeignKey
ALTER TABLE "ParticipantPhoto" ADD CONSTRAINT "ParticipantPhoto_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantPhoto" ADD CONSTRAINT "ParticipantPhoto_takenById_fkey" FOREIGN KEY ("takenById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A photo is never changed or removed: a new one is added and the newest is shown.
CREATE TRIGGER "ParticipantPhoto_append_only" BEFORE UPDATE OR DELETE ON "ParticipantPhoto"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "ParticipantPhoto_no_truncate" BEFORE TRUNCATE ON "ParticipantPhoto"
  FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
