-- Records that must never be rewritten: the audit trail, prescriptions, the dose step log
-- and the controlled-drug register (Misuse of Drugs Regulations 2001, reg 20: entries
-- indelible; corrections are new entries that point at the one they correct).
CREATE FUNCTION hat_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION hat_reject_change();

CREATE TRIGGER "Prescription_append_only" BEFORE UPDATE OR DELETE ON "Prescription"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();

CREATE TRIGGER "DoseSessionEvent_append_only" BEFORE UPDATE OR DELETE ON "DoseSessionEvent"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();

CREATE TRIGGER "ControlledDrugEntry_append_only" BEFORE UPDATE OR DELETE ON "ControlledDrugEntry"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();

-- A dose session may move forward, never disappear.
CREATE TRIGGER "DoseSession_no_delete" BEFORE DELETE ON "DoseSession"
  FOR EACH ROW EXECUTE FUNCTION hat_reject_change();
