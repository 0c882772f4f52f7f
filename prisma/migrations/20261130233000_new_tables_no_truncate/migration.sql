-- Every table refuses TRUNCATE (indelible_records); these two came after that migration.
CREATE TRIGGER "RecoveryCode_no_truncate" BEFORE TRUNCATE ON "RecoveryCode" FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "WitnessPinAttempt_no_truncate" BEFORE TRUNCATE ON "WitnessPinAttempt" FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
