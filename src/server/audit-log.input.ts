import { z } from "zod";
import { isLocalDate } from "@/domain/clinic-time";

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => v || undefined);
const optionalDate = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || isLocalDate(v), "Use a date like 2026-11-23.");

/** Filters from the audit page's query string; anything malformed is reported, not guessed. */
export const AuditFilterInput = z.object({
  userId: optionalText(64),
  participantReference: optionalText(40),
  action: optionalText(80),
  from: optionalDate,
  to: optionalDate,
});
