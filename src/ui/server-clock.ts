"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { clockOffset, clockSkew, serverNow, type ClockOffset, type ClockReading, type ClockSkew } from "@/domain/clock-skew";

/**
 * The server's clock in the browser (src/domain/clock-skew.ts). The live Today's version
 * check brings the server's time with every answer (`recordClockReading`); until the first
 * answer, the time the page was rendered stands in (`estimateFromRender`), which is late by
 * the page's way to the tablet, so a countdown shows a little more time left, never less.
 * Countdowns and the clinic clock read `useServerNow`, never the tablet's clock alone.
 */

type State = { offset: ClockOffset; measured: boolean };

let state: State = { offset: { offsetMs: 0, uncertaintyMs: 0 }, measured: false };
const listeners = new Set<() => void>();

function update(next: State) {
  state = next;
  for (const listener of listeners) listener();
}

/** An answer from the server: what its clock said, and when the question left and the answer came on the tablet's. */
export function recordClockReading(reading: ClockReading) {
  update({ offset: clockOffset(reading), measured: true });
}

/** Before any answer: the server's time when it rendered the page, against the tablet's now. */
export function estimateFromRender(renderedAt: string) {
  if (state.measured) return;
  update({ offset: { offsetMs: Date.parse(renderedAt) - Date.now(), uncertaintyMs: 0 }, measured: false });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How far the tablet's clock is out, once measured by an answer from the server (null: within a minute, or not measured yet). */
export function useClockSkew(): ClockSkew | null {
  const current = useSyncExternalStore(
    subscribe,
    () => state,
    () => null,
  );
  return current?.measured ? clockSkew(current.offset) : null;
}

/**
 * The server's time now, in milliseconds, ticking each second; null on the server and before
 * the first tick, so the server's render and the browser's first one agree.
 */
export function useServerNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(serverNow(Date.now(), state.offset));
    tick();
    const timer = setInterval(tick, 1000);
    const unsubscribe = subscribe(tick);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, []);
  return now;
}
