-- CreateTable
CREATE TABLE "WitnessPinAttempt" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "witnessId" TEXT,
    "actorId" TEXT NOT NULL,
    "succeeded" BOOLEAN,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WitnessPinAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WitnessPinAttempt_email_at_idx" ON "WitnessPinAttempt"("email", "at");

-- Every PIN until now was chosen by an administrator, who therefore knows it, and was four
-- digits: none is a second factor. Each member of staff sets their own before witnessing again.
UPDATE "User" SET "witnessPinHash" = NULL;
