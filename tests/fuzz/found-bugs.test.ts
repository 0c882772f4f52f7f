import { describe, expect, it } from "vitest";
import "../support/actions";
import { formToObject } from "@/server/action";
import { readCsv } from "@/server/csv-import";
import { CloseSessionInput } from "@/server/dose-sessions.input";
import { RecordOffenceInput } from "@/server/offences.input";
import { UpdateSettingInput } from "@/server/settings.input";
import { CreateUserInput, UserIdInput } from "@/server/users.input";
import { OFFENCE_COLUMNS } from "@/domain/import-rows";
import { DEFAULT_SETTINGS } from "@/domain/settings";

/**
 * What the action fuzz (action-inputs.test.ts) found, pinned down one example each. Each of
 * the first five reached PostgreSQL and came back as "Something went wrong" (or a throw).
 */
describe("bugs the action fuzz found", () => {
  it("refuses free text holding a NUL, which PostgreSQL text cannot store", () => {
    const result = RecordOffenceInput.safeParse({ participantId: "p1", offenceDate: "2026-01-05", offenceType: "theft\u0000", severityScore: "1" });
    expect(result.success).toBe(false);
    expect(CreateUserInput.safeParse({ name: "A\u0000B", email: "a@b.co", role: "NURSE", siteId: "s1", temporaryPassword: "long-enough-password" }).success).toBe(false);
  });

  it.each(["x\u0000", "'; DROP TABLE \"Participant\"; --", "a b", "é", "x".repeat(65)])("refuses %j as a record's id without looking it up", (userId) => {
    expect(UserIdInput.safeParse({ userId }).success).toBe(false);
  });

  it("still takes the ids the application makes", () => {
    for (const userId of ["cmwtuynsb0009it7djv1jhb4d", "pt_HAT-0001", "sc_2026-01-05_AM", "3b241101-e2bb-4255-8caf-4136c566a962"]) {
      expect(UserIdInput.safeParse({ userId }).success, userId).toBe(true);
    }
  });

  it("refuses a date in year 0000, which JavaScript parses and PostgreSQL refuses", () => {
    expect(CloseSessionInput.safeParse({ sessionDate: "0000-01-01", slot: "AM" }).success).toBe(false);
  });

  it("ignores a field named __proto__ instead of letting a file posted under it replace the form's prototype", () => {
    const form = new FormData();
    form.append("__proto__", new File(["x"], "x.csv"));
    form.append("name", "Sam Example");
    const fields = formToObject(form);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(() => CreateUserInput.safeParse(fields)).not.toThrow();
  });

  it("rejects an import file holding NULs (a UTF-16 'Unicode text' file) before any row is looked up", () => {
    const read = readCsv("reference,offence date,offence type,severity score\r\n\u0000,2026-01-05,theft,1\r\n", OFFENCE_COLUMNS);
    expect(read).toMatchObject({ ok: false, problem: { line: 1, reason: expect.stringContaining("not UTF-8") } });
  });

  it("lets an administrator save every clinic setting, the board's small-group threshold included", () => {
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      expect(UpdateSettingInput.safeParse({ key, reason: "Agreed at the board", value: "5" }).success, key).toBe(true);
    }
  });
});
