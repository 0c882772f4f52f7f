"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { LIVE_REFRESH_COOKIE, LIVE_TODAY_POLL_SECONDS, TODAY_VERSION_PATH } from "@/domain/live-today";
import { recordClockReading } from "./server-clock";

type Trouble = "signedOut" | "unreachable" | null;

/**
 * Keeps a page showing what is happening on the floor (src/domain/live-today.ts): every few
 * seconds, while the page is in view, it asks for the site's version stamp, and when that
 * differs from the one the page was rendered with it reloads the page's data in place
 * (router.refresh: what a nurse is typing and where focus is stay as they are). Polling
 * rather than server-sent events: see the README ("A live Today"). Each answer also carries
 * the server's clock, which the page's countdowns follow (./server-clock.ts); the first
 * check is made at once, so a tablet whose clock is out learns it on opening the page.
 */
export function LiveUpdates({ version, updatedAt }: { version: string; updatedAt: string }) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [trouble, setTrouble] = useState<Trouble>(null);
  const shown = useRef(version);
  const busy = useRef(false);

  useEffect(() => {
    shown.current = version;
  }, [version]);

  useEffect(() => {
    busy.current = refreshing;
    // The reload is done: the next request is the nurse's again.
    if (!refreshing) document.cookie = `${LIVE_REFRESH_COOKIE}=; path=/; max-age=0; samesite=strict`;
  }, [refreshing]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      if (!stopped) timer = setTimeout(check, LIVE_TODAY_POLL_SECONDS * 1000);
    };
    async function check() {
      if (document.visibilityState !== "visible" || busy.current) return schedule();
      try {
        const sentAt = Date.now();
        const response = await fetch(TODAY_VERSION_PATH, { cache: "no-store" });
        const receivedAt = Date.now();
        if (response.status === 401) {
          // Signed out (idle, or elsewhere): nothing more to ask until the nurse signs in again.
          setTrouble("signedOut");
          return;
        }
        if (!response.ok) throw new Error(`version check answered ${response.status}`);
        const { version: latest, serverTime } = (await response.json()) as { version: string; serverTime: string };
        recordClockReading({ sentAt, serverTime: Date.parse(serverTime), receivedAt });
        setTrouble(null);
        if (latest !== shown.current) {
          busy.current = true;
          // Marks the reload as not the nurse's activity (the idle time-out), for a few seconds at most.
          document.cookie = `${LIVE_REFRESH_COOKIE}=1; path=/; max-age=10; samesite=strict`;
          startRefresh(() => router.refresh());
        }
      } catch {
        setTrouble("unreachable");
      }
      schedule();
    }
    const onVisible = () => {
      if (document.visibilityState !== "visible") return;
      clearTimeout(timer);
      void check();
    };
    void check();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router]);

  return (
    <p className="text-sm text-slate-700">
      Updated {updatedAt}
      {trouble === "signedOut" ? (
        <span role="status" className="ml-2 font-medium text-danger">
          Not updating: your session has ended.{" "}
          <a href={`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`} className="inline-flex min-h-11 items-center underline">
            Sign in again
          </a>
        </span>
      ) : trouble === "unreachable" ? (
        <span role="status" className="ml-2 font-medium text-warn">
          Not updating: the clinic system cannot be reached. Retrying.
        </span>
      ) : null}
    </p>
  );
}
