import { z } from "zod";
import { DATE_ENTRY_HINT, parseEnteredDate } from "@/domain/date-entry";

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const optionalDate = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const entry = parseEnteredDate(v);
    if (entry.ok) return entry.date;
    ctx.addIssue({ code: "custom", message: entry.reason === "format" ? `Use ${DATE_ENTRY_HINT}.` : entry.message });
    return z.NEVER;
  });

/** Filters from the audit page's query string; anything malformed is reported, not guessed. */
export const AuditFilterInput = z.object({
  userId: optionalText(64),
  participantReference: optionalText(40),
  action: optionalText(80),
  from: optionalDate,
  to: optionalDate,
});
