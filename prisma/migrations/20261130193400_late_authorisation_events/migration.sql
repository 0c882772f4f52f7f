-- A late-dose authorisation is an event of the dose session (it was read back from the
-- audit trail): carry every earlier authorisation over, with its prescriber, time and reason.
INSERT INTO "DoseSessionEvent" ("id", "doseSessionId", "step", "at", "byId", "reason")
SELECT 'late-' || a."id"::text, a."entityId", 'AUTHORISE_LATE', a."at", a."actorId", a."reason"
FROM "AuditEvent" a
JOIN "DoseSession" s ON s."id" = a."entityId"
WHERE a."action" = 'doseSession.authoriseLate' AND a."entity" = 'DoseSession' AND a."actorId" IS NOT NULL;
