import "server-only";
import { createHash } from "node:crypto";
import { CsvError, parse, type CsvErrorCode } from "csv-parse/sync";
import type { Tx } from "@/db/client";
import { matchHeader, type ImportColumn } from "@/domain/import-rows";
import type { ImportKind } from "./imports.input";

/**
 * What every import shares: reading the CSV with csv-parse, finding the columns, line
 * numbers a person can find in a spreadsheet, the report, and inserts in chunks.
 */

export type ImportProblem = { line: number; reason: string };

export type ImportReport = {
  kind: ImportKind;
  /** Nothing is written unless every row is good. */
  status: "imported" | "rejected";
  rowsRead: number;
  /** Offences, or urine results, written. */
  added: number;
  /** Rows repeating an earlier row of the same file. */
  duplicatesInFile: number;
  /** Rows the clinic already holds (an earlier import or a record made by hand). */
  alreadyRecorded: number;
  /** Urine imports: new screens (one per person and collection date). */
  screensCreated: number;
  /**
   * Urine imports: samples in the file that, with every result held for them, still have no
   * street-heroin marker result. They are accepted and stored as reported, and the board
   * counts them "not tested for street heroin", never negative (src/domain/urine.ts).
   */
  screensNotTestedForStreetHeroin: number;
  problemCount: number;
  /** The first problems, by line (the rest are counted, not listed). */
  problems: ImportProblem[];
};

/** A report lists this many bad rows; a file with more has a systematic fault to fix first. */
export const MAX_LISTED_PROBLEMS = 500;

export type CsvRow<K extends string> = { line: number; cells: Record<K, string> };

/** Either the rows (and rows too malformed to read), or a fault in the whole file. */
export type CsvRead<K extends string> = { ok: true; rows: CsvRow<K>[]; problems: ImportProblem[] } | { ok: false; problem: ImportProblem };

type ParsedRecord = { record: string[]; info: { lines: number } };

// With `info: true` each record comes with the line it ends on (csv-parse's types do not
// say so). A stray quote inside an unquoted cell is taken as text, as spreadsheets write it.
const PARSE_OPTIONS = { info: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true } as const;

export function readCsv<K extends string>(text: string, columns: readonly ImportColumn<K>[]): CsvRead<K> {
  // A spreadsheet saved in a legacy encoding decodes with replacement characters; one saved
  // as UTF-16 ("Unicode text") is full of NULs, which PostgreSQL text cannot hold either.
  if (text.includes("\uFFFD") || text.includes("\u0000")) {
    return { ok: false, problem: { line: 1, reason: "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and import it again." } };
  }
  const content = text.replace(/^\uFEFF/, "");
  let records: ParsedRecord[];
  try {
    records = parse(content, PARSE_OPTIONS) as unknown as ParsedRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const reason = `The file is not valid CSV from here (${CSV_FAULTS[error.code] ?? "it cannot be read as CSV"}).`;
      return { ok: false, problem: { line: faultLine(content, error), reason } };
    }
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { ok: false, problem: { line: 1, reason: "The file is empty: the first line should name the columns." } };
  const match = matchHeader(header.record, columns);
  if (!match.ok) return { ok: false, problem: { line: startLine(header), reason: match.reason } };

  const rows: CsvRow<K>[] = [];
  const problems: ImportProblem[] = [];
  for (const entry of body) {
    if (entry.record.every((cell) => cell === "")) continue;
    const line = startLine(entry);
    if (entry.record.slice(header.record.length).some((cell) => cell !== "")) {
      problems.push({ line, reason: `This row has more cells than the header (${entry.record.length} against ${header.record.length}).` });
      continue;
    }
    const cells = {} as Record<K, string>;
    for (const column of columns) cells[column.key] = entry.record[match.indexes[column.key]] ?? "";
    rows.push({ line, cells });
  }
  return { ok: true, rows, problems };
}

/**
 * csv-parse reports an unclosed quote where the file ends; the quote opened in the record
 * after the last complete one, so that is the line to show.
 */
function faultLine(content: string, error: CsvError): number {
  if (error.code !== "CSV_QUOTE_NOT_CLOSED") return Number(error.lines);
  const complete = Number(error.records);
  if (complete === 0) return 1;
  const before = parse(content, { ...PARSE_OPTIONS, to: complete }) as unknown as ParsedRecord[];
  return (before.at(-1)?.info.lines ?? 0) + 1;
}

/** csv-parse counts the line a record ends on; a quoted cell may span several. */
function startLine(entry: ParsedRecord): number {
  const breaks = entry.record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
  return entry.info.lines - breaks;
}

const CSV_FAULTS: Partial<Record<CsvErrorCode, string>> = {
  CSV_QUOTE_NOT_CLOSED: "a quote is opened and never closed",
  CSV_INVALID_CLOSING_QUOTE: "text after a closing quote",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "text after a closing quote",
};

export function rejected(kind: ImportKind, rowsRead: number, problems: ImportProblem[]): ImportReport {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  return {
    kind,
    status: "rejected",
    rowsRead,
    added: 0,
    duplicatesInFile: 0,
    alreadyRecorded: 0,
    screensCreated: 0,
    screensNotTestedForStreetHeroin: 0,
    problemCount: sorted.length,
    problems: sorted.slice(0, MAX_LISTED_PROBLEMS),
  };
}

/** Names the file in the audit trail without storing its contents. */
export function fileFingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** PostgreSQL allows 65,535 bind parameters per statement; stay well below. */
const MAX_BIND_PARAMETERS = 60_000;

/** Rows per createMany statement when each row binds this many values. */
export function rowsPerStatement(parametersPerRow: number): number {
  return Math.floor(MAX_BIND_PARAMETERS / parametersPerRow);
}

/** Runs `statement` over slices of `items`, `size` at a time, and adds up what each returns. */
export async function inChunks<Item>(items: readonly Item[], size: number, statement: (chunk: Item[]) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < items.length; i += size) total += await statement(items.slice(i, i + size));
  return total;
}

/** Locks the site's row: imports for one clinic run one after another, so duplicates are judged on settled data. */
export async function lockSiteForImport(tx: Tx, siteId: string) {
  await tx.$queryRaw`SELECT id FROM "Site" WHERE id = ${siteId} FOR UPDATE`;
}

/** Participants of this site by reference, for the references a file names. */
export async function participantsByReference(tx: Tx, siteId: string, references: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(references.filter(Boolean))];
  const found = new Map<string, string>();
  await inChunks(wanted, rowsPerStatement(1), async (chunk) => {
    const rows = await tx.participant.findMany({ where: { siteId, reference: { in: chunk } }, select: { id: true, reference: true } });
    for (const p of rows) found.set(p.reference, p.id);
    return rows.length;
  });
  return found;
}

/** A row's reasons as one sentence for the report. */
export function describeReasons(reasons: readonly string[]): string {
  const text = reasons.join("; ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}
