-- CreateEnum
CREATE TYPE "Role" AS ENUM ('NURSE', 'PRESCRIBER', 'PHARMACIST', 'BOARD', 'ADMIN');

-- CreateEnum
CREATE TYPE "ReferralAgency" AS ENUM ('PROBATION', 'POLICE', 'DRUG_SERVICE', 'PRISON', 'GP', 'SELF', 'OTHER');

-- CreateEnum
CREATE TYPE "AssessmentOutcome" AS ENUM ('ACCEPTED', 'DECLINED');

-- CreateEnum
CREATE TYPE "BreakReason" AS ENUM ('PHYSICAL_HEALTH', 'MENTAL_HEALTH', 'HOSPITAL', 'CUSTODY_REMAND', 'OTHER');

-- CreateEnum
CREATE TYPE "ExitReason" AS ENUM ('COMPLETED_TO_ORAL', 'COMPLETED_DRUG_FREE', 'RESIDENTIAL_REHAB', 'CUSTODIAL_SENTENCE', 'MOVED_AWAY', 'DROPPED_OUT', 'CLINICALLY_DISCHARGED', 'DIED', 'OTHER');

-- CreateEnum
CREATE TYPE "OralDrug" AS ENUM ('METHADONE', 'SLOW_RELEASE_ORAL_MORPHINE');

-- CreateEnum
CREATE TYPE "HoldKind" AS ENUM ('SOFT', 'HARD');

-- CreateEnum
CREATE TYPE "HoldSource" AS ENUM ('MANUAL', 'MISSED_DOSES', 'INDUCTION_MISS');

-- CreateEnum
CREATE TYPE "SessionSlot" AS ENUM ('AM', 'PM');

-- CreateEnum
CREATE TYPE "SessionStage" AS ENUM ('CHECKED_IN', 'ASSESSED', 'DRAWN', 'ADMINISTERED', 'SIGNED_OFF', 'CLOSED');

-- CreateEnum
CREATE TYPE "SessionOutcome" AS ENUM ('DOSED', 'PARTIAL', 'WITHHELD', 'DECLINED', 'MISSED', 'NOT_EXPECTED');

-- CreateEnum
CREATE TYPE "DoseSessionStep" AS ENUM ('CHECK_IN', 'ASSESSMENT', 'DRAW', 'ADMINISTER', 'SIGN_OFF', 'WITHHOLD', 'DECLINE', 'MISS', 'NOT_EXPECTED', 'CORRECTION');

-- CreateEnum
CREATE TYPE "DoseRoute" AS ENUM ('IV', 'IM', 'ORAL');

-- CreateEnum
CREATE TYPE "AdverseEventKind" AS ENUM ('OVERDOSE', 'NALOXONE_GIVEN', 'SEIZURE', 'INJECTION_SITE_PROBLEM', 'OTHER');

-- CreateEnum
CREATE TYPE "SampleType" AS ENUM ('URINE', 'ORAL_FLUID');

-- CreateEnum
CREATE TYPE "RecordSource" AS ENUM ('MANUAL', 'IMPORT');

-- CreateEnum
CREATE TYPE "Substance" AS ENUM ('ACETYLCODEINE', 'PAPAVERINE', 'NOSCAPINE', 'MORPHINE_6MAM', 'METHADONE', 'COCAINE', 'BENZODIAZEPINES', 'AMPHETAMINES', 'CANNABIS', 'ALCOHOL_ETG', 'OTHER');

-- CreateEnum
CREATE TYPE "ScreenResult" AS ENUM ('POSITIVE', 'NEGATIVE');

-- CreateEnum
CREATE TYPE "TopStage" AS ENUM ('START', 'REVIEW', 'EXIT');

-- CreateEnum
CREATE TYPE "FundingKind" AS ENUM ('FUNDING', 'IN_KIND');

-- CreateEnum
CREATE TYPE "CdEntryKind" AS ENUM ('RECEIPT', 'SUPPLY', 'RETURN', 'DESTRUCTION', 'ANNOTATION');

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "siteId" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "witnessPinHash" TEXT,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "disabledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ParticipantIdentity" (
    "participantId" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "dateOfBirth" DATE NOT NULL,
    "nhsNumber" TEXT,

    CONSTRAINT "ParticipantIdentity_pkey" PRIMARY KEY ("participantId")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "referredOn" DATE NOT NULL,
    "agency" "ReferralAgency" NOT NULL,
    "reason" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" TEXT NOT NULL,
    "referralId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "ageYears" INTEGER NOT NULL,
    "yearsDependent" INTEGER NOT NULL,
    "failedTreatments" INTEGER NOT NULL,
    "failedTreatmentNotes" TEXT NOT NULL,
    "injectingDaysLast90" INTEGER NOT NULL,
    "monthsInOralTreatment" INTEGER,
    "outcome" "AssessmentOutcome" NOT NULL,
    "declineReason" TEXT,
    "assessedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Episode" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "enrolledOn" DATE NOT NULL,
    "inInduction" BOOLEAN NOT NULL DEFAULT true,
    "closedOn" DATE,
    "enrolledById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Episode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Break" (
    "id" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "reason" "BreakReason" NOT NULL,
    "notes" TEXT,
    "startedOn" DATE NOT NULL,
    "expectedReturnOn" DATE,
    "endedOn" DATE,
    "startedById" TEXT NOT NULL,
    "endedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Break_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exit" (
    "id" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "exitedOn" DATE NOT NULL,
    "reason" "ExitReason" NOT NULL,
    "planned" BOOLEAN NOT NULL,
    "destination" TEXT,
    "notes" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prescription" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedesId" TEXT,
    "amDoseMg" INTEGER NOT NULL,
    "pmDoseMg" INTEGER NOT NULL,
    "oralDrug" "OralDrug",
    "oralDoseMgPerDay" INTEGER,
    "induction" BOOLEAN NOT NULL DEFAULT false,
    "transferToOral" BOOLEAN NOT NULL DEFAULT false,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "overrideReason" TEXT,
    "prescriberId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prescription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hold" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "kind" "HoldKind" NOT NULL,
    "source" "HoldSource" NOT NULL,
    "reason" TEXT NOT NULL,
    "placedById" TEXT,
    "placedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMPTZ(3),
    "clearedById" TEXT,
    "clearNote" TEXT,
    "clearingPrescriptionId" TEXT,

    CONSTRAINT "Hold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoseSession" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "episodeId" TEXT NOT NULL,
    "sessionDate" DATE NOT NULL,
    "slot" "SessionSlot" NOT NULL,
    "stage" "SessionStage" NOT NULL,
    "outcome" "SessionOutcome",
    "givenMg" INTEGER,
    "administeredAt" TIMESTAMPTZ(3),
    "observationEndsAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DoseSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoseSessionEvent" (
    "id" TEXT NOT NULL,
    "doseSessionId" TEXT NOT NULL,
    "step" "DoseSessionStep" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "byId" TEXT NOT NULL,
    "witnessId" TEXT,
    "prescriptionId" TEXT,
    "sedationScore" INTEGER,
    "breathAlcohol" DECIMAL(5,3),
    "withdrawalScore" INTEGER,
    "spo2" INTEGER,
    "prescribedMg" INTEGER,
    "doseMg" INTEGER,
    "route" "DoseRoute",
    "injectionSite" TEXT,
    "reason" TEXT,
    "correctsId" TEXT,

    CONSTRAINT "DoseSessionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SessionClosure" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "sessionDate" DATE NOT NULL,
    "slot" "SessionSlot" NOT NULL,
    "closedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedById" TEXT,

    CONSTRAINT "SessionClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdverseEvent" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "doseSessionId" TEXT,
    "kind" "AdverseEventKind" NOT NULL,
    "naloxoneMg" DECIMAL(6,2),
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "description" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdverseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrineScreen" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "collectedOn" DATE NOT NULL,
    "sampleType" "SampleType" NOT NULL DEFAULT 'URINE',
    "supervised" BOOLEAN NOT NULL,
    "source" "RecordSource" NOT NULL DEFAULT 'MANUAL',
    "recordedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UrineScreen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UrineResult" (
    "id" TEXT NOT NULL,
    "screenId" TEXT NOT NULL,
    "substance" "Substance" NOT NULL,
    "result" "ScreenResult" NOT NULL,

    CONSTRAINT "UrineResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TopAssessment" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "assessedOn" DATE NOT NULL,
    "stage" "TopStage" NOT NULL,
    "alcoholDays" INTEGER NOT NULL,
    "alcoholUnitsPerDay" INTEGER NOT NULL,
    "opiateDays" INTEGER NOT NULL,
    "crackDays" INTEGER NOT NULL,
    "cocaineDays" INTEGER NOT NULL,
    "amphetamineDays" INTEGER NOT NULL,
    "cannabisDays" INTEGER NOT NULL,
    "otherDrugDays" INTEGER NOT NULL,
    "injectedDays" INTEGER NOT NULL,
    "sharedNeedles" BOOLEAN NOT NULL,
    "sharedOtherEquipment" BOOLEAN NOT NULL,
    "shopliftingDays" INTEGER NOT NULL,
    "sellingDrugsDays" INTEGER NOT NULL,
    "theftBurglaryDays" INTEGER NOT NULL,
    "assaultDays" INTEGER NOT NULL,
    "psychologicalHealth" INTEGER NOT NULL,
    "physicalHealth" INTEGER NOT NULL,
    "qualityOfLife" INTEGER NOT NULL,
    "paidWorkDays" INTEGER NOT NULL,
    "educationDays" INTEGER NOT NULL,
    "acuteHousingProblem" BOOLEAN NOT NULL,
    "riskOfEviction" BOOLEAN NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TopAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offence" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "offenceDate" DATE NOT NULL,
    "offenceType" TEXT NOT NULL,
    "severityScore" INTEGER NOT NULL,
    "source" "RecordSource" NOT NULL DEFAULT 'MANUAL',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Offence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundingLine" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "financialYear" INTEGER NOT NULL,
    "kind" "FundingKind" NOT NULL,
    "source" TEXT NOT NULL,
    "amountPence" INTEGER NOT NULL,
    "note" TEXT,
    "updatedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FundingLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DrugProduct" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "strengthMg" INTEGER NOT NULL,
    "form" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "DrugProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ControlledDrugEntry" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "kind" "CdEntryKind" NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "batch" TEXT NOT NULL,
    "expiresOn" DATE,
    "quantity" INTEGER NOT NULL,
    "mgUsed" INTEGER,
    "mgWasted" INTEGER,
    "supplier" TEXT,
    "participantId" TEXT,
    "prescriberId" TEXT,
    "doseSessionId" TEXT,
    "madeById" TEXT NOT NULL,
    "witnessId" TEXT,
    "annotatesId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ControlledDrugEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StockCheck" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "batch" TEXT NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expected" INTEGER NOT NULL,
    "counted" INTEGER NOT NULL,
    "notes" TEXT,
    "checkedById" TEXT NOT NULL,
    "secondCheckerId" TEXT NOT NULL,

    CONSTRAINT "StockCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorRole" "Role",
    "siteId" TEXT,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "participantId" TEXT,
    "summary" JSONB,
    "reason" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Site_code_key" ON "Site"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Setting_siteId_key_key" ON "Setting"("siteId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "LoginAttempt_email_at_idx" ON "LoginAttempt"("email", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_at_idx" ON "LoginAttempt"("ip", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_reference_key" ON "Participant"("reference");

-- CreateIndex
CREATE INDEX "Participant_siteId_idx" ON "Participant"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantIdentity_nhsNumber_key" ON "ParticipantIdentity"("nhsNumber");

-- CreateIndex
CREATE INDEX "ParticipantIdentity_familyName_givenName_idx" ON "ParticipantIdentity"("familyName", "givenName");

-- CreateIndex
CREATE INDEX "Referral_participantId_idx" ON "Referral"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_referralId_key" ON "Assessment"("referralId");

-- CreateIndex
CREATE INDEX "Assessment_participantId_idx" ON "Assessment"("participantId");

-- CreateIndex
CREATE INDEX "Episode_participantId_idx" ON "Episode"("participantId");

-- CreateIndex
CREATE INDEX "Episode_siteId_closedOn_idx" ON "Episode"("siteId", "closedOn");

-- CreateIndex
CREATE INDEX "Break_participantId_endedOn_idx" ON "Break"("participantId", "endedOn");

-- CreateIndex
CREATE UNIQUE INDEX "Exit_episodeId_key" ON "Exit"("episodeId");

-- CreateIndex
CREATE INDEX "Exit_participantId_idx" ON "Exit"("participantId");

-- CreateIndex
CREATE UNIQUE INDEX "Prescription_supersedesId_key" ON "Prescription"("supersedesId");

-- CreateIndex
CREATE INDEX "Prescription_participantId_startsAt_idx" ON "Prescription"("participantId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Prescription_participantId_version_key" ON "Prescription"("participantId", "version");

-- CreateIndex
CREATE INDEX "Hold_participantId_clearedAt_idx" ON "Hold"("participantId", "clearedAt");

-- CreateIndex
CREATE INDEX "DoseSession_siteId_sessionDate_slot_idx" ON "DoseSession"("siteId", "sessionDate", "slot");

-- CreateIndex
CREATE INDEX "DoseSession_participantId_administeredAt_idx" ON "DoseSession"("participantId", "administeredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DoseSession_participantId_sessionDate_slot_key" ON "DoseSession"("participantId", "sessionDate", "slot");

-- CreateIndex
CREATE INDEX "DoseSessionEvent_doseSessionId_idx" ON "DoseSessionEvent"("doseSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "SessionClosure_siteId_sessionDate_slot_key" ON "SessionClosure"("siteId", "sessionDate", "slot");

-- CreateIndex
CREATE INDEX "AdverseEvent_participantId_occurredAt_idx" ON "AdverseEvent"("participantId", "occurredAt");

-- CreateIndex
CREATE INDEX "UrineScreen_participantId_collectedOn_idx" ON "UrineScreen"("participantId", "collectedOn");

-- CreateIndex
CREATE INDEX "UrineScreen_siteId_collectedOn_idx" ON "UrineScreen"("siteId", "collectedOn");

-- CreateIndex
CREATE UNIQUE INDEX "UrineResult_screenId_substance_key" ON "UrineResult"("screenId", "substance");

-- CreateIndex
CREATE INDEX "TopAssessment_participantId_assessedOn_idx" ON "TopAssessment"("participantId", "assessedOn");

-- CreateIndex
CREATE INDEX "Offence_participantId_offenceDate_idx" ON "Offence"("participantId", "offenceDate");

-- CreateIndex
CREATE UNIQUE INDEX "Offence_participantId_offenceDate_offenceType_severityScore_key" ON "Offence"("participantId", "offenceDate", "offenceType", "severityScore");

-- CreateIndex
CREATE UNIQUE INDEX "FundingLine_siteId_financialYear_kind_source_key" ON "FundingLine"("siteId", "financialYear", "kind", "source");

-- CreateIndex
CREATE UNIQUE INDEX "DrugProduct_siteId_name_strengthMg_form_key" ON "DrugProduct"("siteId", "name", "strengthMg", "form");

-- CreateIndex
CREATE UNIQUE INDEX "ControlledDrugEntry_doseSessionId_key" ON "ControlledDrugEntry"("doseSessionId");

-- CreateIndex
CREATE INDEX "ControlledDrugEntry_productId_occurredAt_idx" ON "ControlledDrugEntry"("productId", "occurredAt");

-- CreateIndex
CREATE INDEX "ControlledDrugEntry_productId_batch_idx" ON "ControlledDrugEntry"("productId", "batch");

-- CreateIndex
CREATE INDEX "StockCheck_productId_checkedAt_idx" ON "StockCheck"("productId", "checkedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_participantId_at_idx" ON "AuditEvent"("participantId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- AddForeignKey
ALTER TABLE "Setting" ADD CONSTRAINT "Setting_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Setting" ADD CONSTRAINT "Setting_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ParticipantIdentity" ADD CONSTRAINT "ParticipantIdentity_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_assessedById_fkey" FOREIGN KEY ("assessedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Episode" ADD CONSTRAINT "Episode_enrolledById_fkey" FOREIGN KEY ("enrolledById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Break" ADD CONSTRAINT "Break_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Break" ADD CONSTRAINT "Break_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Break" ADD CONSTRAINT "Break_startedById_fkey" FOREIGN KEY ("startedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Break" ADD CONSTRAINT "Break_endedById_fkey" FOREIGN KEY ("endedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exit" ADD CONSTRAINT "Exit_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exit" ADD CONSTRAINT "Exit_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exit" ADD CONSTRAINT "Exit_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "Prescription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prescription" ADD CONSTRAINT "Prescription_prescriberId_fkey" FOREIGN KEY ("prescriberId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_placedById_fkey" FOREIGN KEY ("placedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_clearedById_fkey" FOREIGN KEY ("clearedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Hold" ADD CONSTRAINT "Hold_clearingPrescriptionId_fkey" FOREIGN KEY ("clearingPrescriptionId") REFERENCES "Prescription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSession" ADD CONSTRAINT "DoseSession_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSession" ADD CONSTRAINT "DoseSession_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSession" ADD CONSTRAINT "DoseSession_episodeId_fkey" FOREIGN KEY ("episodeId") REFERENCES "Episode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSessionEvent" ADD CONSTRAINT "DoseSessionEvent_doseSessionId_fkey" FOREIGN KEY ("doseSessionId") REFERENCES "DoseSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSessionEvent" ADD CONSTRAINT "DoseSessionEvent_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSessionEvent" ADD CONSTRAINT "DoseSessionEvent_witnessId_fkey" FOREIGN KEY ("witnessId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSessionEvent" ADD CONSTRAINT "DoseSessionEvent_prescriptionId_fkey" FOREIGN KEY ("prescriptionId") REFERENCES "Prescription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseSessionEvent" ADD CONSTRAINT "DoseSessionEvent_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "DoseSessionEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionClosure" ADD CONSTRAINT "SessionClosure_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SessionClosure" ADD CONSTRAINT "SessionClosure_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdverseEvent" ADD CONSTRAINT "AdverseEvent_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdverseEvent" ADD CONSTRAINT "AdverseEvent_doseSessionId_fkey" FOREIGN KEY ("doseSessionId") REFERENCES "DoseSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdverseEvent" ADD CONSTRAINT "AdverseEvent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrineScreen" ADD CONSTRAINT "UrineScreen_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrineScreen" ADD CONSTRAINT "UrineScreen_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrineScreen" ADD CONSTRAINT "UrineScreen_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UrineResult" ADD CONSTRAINT "UrineResult_screenId_fkey" FOREIGN KEY ("screenId") REFERENCES "UrineScreen"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopAssessment" ADD CONSTRAINT "TopAssessment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TopAssessment" ADD CONSTRAINT "TopAssessment_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offence" ADD CONSTRAINT "Offence_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundingLine" ADD CONSTRAINT "FundingLine_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundingLine" ADD CONSTRAINT "FundingLine_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DrugProduct" ADD CONSTRAINT "DrugProduct_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_productId_fkey" FOREIGN KEY ("productId") REFERENCES "DrugProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_doseSessionId_fkey" FOREIGN KEY ("doseSessionId") REFERENCES "DoseSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_madeById_fkey" FOREIGN KEY ("madeById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_witnessId_fkey" FOREIGN KEY ("witnessId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlledDrugEntry" ADD CONSTRAINT "ControlledDrugEntry_annotatesId_fkey" FOREIGN KEY ("annotatesId") REFERENCES "ControlledDrugEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockCheck" ADD CONSTRAINT "StockCheck_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockCheck" ADD CONSTRAINT "StockCheck_productId_fkey" FOREIGN KEY ("productId") REFERENCES "DrugProduct"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockCheck" ADD CONSTRAINT "StockCheck_checkedById_fkey" FOREIGN KEY ("checkedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockCheck" ADD CONSTRAINT "StockCheck_secondCheckerId_fkey" FOREIGN KEY ("secondCheckerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;
