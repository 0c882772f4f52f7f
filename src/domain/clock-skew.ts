/**
 * One clock: the clinic system's. A tablet's own clock can be wrong (one ran 40 minutes fast
 * and showed "Observation complete: sign off" while the server refused), so what the screen
 * counts down, and the clinic time it shows, follow the server's clock; the tablet's is used
 * only to measure how far it is from the server's.
 *
 * How far: the page asks the server, which answers with its time. The server stamped that
 * time somewhere between the moment the question left and the moment the answer arrived (both
 * read on the tablet's clock), so the best guess is the middle of that round trip, give or
 * take half of it (as NTP reckons it).
 */

/** A tablet more than a minute out is warned: sessions, observation and spacing are timed in minutes. */
export const CLOCK_SKEW_WARNING_MS = 60_000;

/** One question to the server, in milliseconds since the epoch. */
export type ClockReading = {
  /** The tablet's clock when the question was sent. */
  sentAt: number;
  /** The server's clock when it answered. */
  serverTime: number;
  /** The tablet's clock when the answer arrived. */
  receivedAt: number;
};

/** What to add to the tablet's clock to get the server's, and how far that may be out either way. */
export type ClockOffset = { offsetMs: number; uncertaintyMs: number };

export function clockOffset(reading: ClockReading): ClockOffset {
  // A clock set back while the question was out gives a negative round trip: take it as none.
  const roundTrip = Math.max(0, reading.receivedAt - reading.sentAt);
  return { offsetMs: reading.serverTime - (reading.sentAt + roundTrip / 2), uncertaintyMs: roundTrip / 2 };
}

/** The server's time now, from the tablet's clock and the offset. */
export function serverNow(deviceNow: number, offset: Pick<ClockOffset, "offsetMs">): number {
  return deviceNow + offset.offsetMs;
}

export type ClockSkew = { direction: "ahead" | "behind"; minutes: number };

/**
 * Whether the tablet's clock is certainly more than the threshold from the server's: even at
 * the edge of the round trip's uncertainty, so a slow answer never raises a false alarm.
 * Null when it is not.
 */
export function clockSkew(offset: ClockOffset, thresholdMs: number = CLOCK_SKEW_WARNING_MS): ClockSkew | null {
  const certainly = Math.abs(offset.offsetMs) - offset.uncertaintyMs;
  if (certainly <= thresholdMs) return null;
  // The server is behind the tablet (a negative offset) when the tablet's clock is ahead.
  return { direction: offset.offsetMs < 0 ? "ahead" : "behind", minutes: Math.round(Math.abs(offset.offsetMs) / 60_000) };
}

/** What the screen says about a tablet's clock that is out. */
export function clockSkewWarning(skew: ClockSkew): string {
  const amount = skew.minutes === 1 ? "1 minute" : `${skew.minutes} minutes`;
  return (
    `This tablet's clock is ${amount} ${skew.direction === "ahead" ? "ahead of" : "behind"} the clinic system's. ` +
    "Times and countdowns on this screen follow the clinic system's clock; ask for the tablet's date and time to be set right."
  );
}
