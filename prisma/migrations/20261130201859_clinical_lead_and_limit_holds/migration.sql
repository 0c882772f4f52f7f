-- AlterEnum
ALTER TYPE "HoldSource" ADD VALUE 'LIMIT_LOWERED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "clinicalLead" BOOLEAN NOT NULL DEFAULT false;
