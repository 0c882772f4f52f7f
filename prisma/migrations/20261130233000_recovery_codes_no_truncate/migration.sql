-- Every table refuses TRUNCATE (indelible_records); RecoveryCode came after that migration.
CREATE TRIGGER "RecoveryCode_no_truncate" BEFORE TRUNCATE ON "RecoveryCode" FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();
