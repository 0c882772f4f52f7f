-- CreateIndex
CREATE INDEX "AuditEvent_siteId_at_idx" ON "AuditEvent"("siteId", "at");

-- CreateIndex
CREATE INDEX "WitnessPinAttempt_actorId_at_idx" ON "WitnessPinAttempt"("actorId", "at");
