import type { EpisodeRecord } from "@/domain/board-figures";

/** A board episode record at site "A", enrolled on the day given, with nothing else happening unless `rest` says so. */
export const episode = (enrolledOn: string, rest: Partial<EpisodeRecord> = {}): EpisodeRecord => ({
  site: "A",
  enrolledOn,
  exit: null,
  previousExitOn: null,
  breakReason: null,
  offencesBefore: [],
  offencesDuring: [],
  offencesInPeriod: [],
  riottScreens: [],
  ...rest,
});
