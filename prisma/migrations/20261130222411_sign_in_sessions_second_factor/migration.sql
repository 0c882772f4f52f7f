-- CreateEnum
CREATE TYPE "SignInOutcome" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'SECOND_FACTOR_NEEDED');

-- AlterTable: attempts already recorded keep what they were.
ALTER TABLE "LoginAttempt" ADD COLUMN     "outcome" "SignInOutcome" NOT NULL DEFAULT 'PENDING';
UPDATE "LoginAttempt" SET "outcome" = CASE WHEN "succeeded" THEN 'SUCCEEDED'::"SignInOutcome" ELSE 'FAILED'::"SignInOutcome" END;
ALTER TABLE "LoginAttempt" DROP COLUMN "succeeded";

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totpEnabledAt" TIMESTAMPTZ(3),
ADD COLUMN     "totpLastTimeStep" INTEGER,
ADD COLUMN     "totpSecret" TEXT;

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_codeHash_key" ON "RecoveryCode"("codeHash");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
