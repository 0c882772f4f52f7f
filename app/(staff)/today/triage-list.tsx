"use client";

import { useEffect, useId, useState, type ReactNode } from "react";
import { isFolded, matchesSearch, TRIAGE_GROUP_LABEL, TRIAGE_GROUPS, type TriageGroup } from "@/domain/triage";

export type TriageItem = { participantId: string; name: string; reference: string; group: TriageGroup; lastStepAt: Date | null; card: ReactNode };

/** How often a finished card is looked at again, to fold it once its minutes in place are over. */
const FOLD_CHECK_MS = 15_000;

type Filter = TriageGroup | "ALL";

/**
 * The session's cards with a status filter (with counts) and a name/reference search, the
 * finished cards folded at the end (on the session being worked: a past session is all
 * finished), each after a moment in place (src/domain/triage.ts). The filter, the search and whether the finished cards
 * are shown are this component's state: the live refresh renders the page again around it
 * and leaves them as they are. Every card stays in one list, keyed by participant, so a card
 * that moves into the finished fold keeps the answer to its last step. Hidden cards stay
 * mounted, so what was typed on a card filtered away is still there when it comes back.
 */
export function TriageList({ items, fold, renderedAt }: { items: TriageItem[]; fold: boolean; renderedAt: Date }) {
  const [filter, setFilter] = useState<Filter>("ALL");
  const [clock, setClock] = useState(renderedAt);
  const [query, setQuery] = useState("");
  const [finishedShown, setFinishedShown] = useState(false);
  const searchId = useId();
  const finishedHeadingId = useId();

  useEffect(() => {
    const timer = setInterval(() => setClock(new Date()), FOLD_CHECK_MS);
    return () => clearInterval(timer);
  }, []);
  // The server's moment on a fresh render, the browser's in between: the same clock on a clinic's own server.
  const now = clock > renderedAt ? clock : renderedAt;
  const folded = (item: TriageItem) => fold && isFolded(item, now);

  const count = (group: TriageGroup) => items.filter((item) => item.group === group).length;
  const shown = (item: TriageItem) => (filter === "ALL" || item.group === filter) && matchesSearch(query, item);
  const searching = query.trim() !== "";
  const foldedItems = items.filter(folded);
  // Asked for by the filter or found by the search: no need to unfold them as well.
  const finishedOpen = filter === "FINISHED" || searching || finishedShown;
  const foldedMatching = foldedItems.filter(shown).length;
  const showing = items.filter((item) => shown(item) && (!folded(item) || finishedOpen)).length;

  const filters: { value: Filter; label: string; count: number }[] = [
    { value: "ALL", label: "All", count: items.length },
    ...TRIAGE_GROUPS.map((group) => ({ value: group, label: TRIAGE_GROUP_LABEL[group], count: count(group) })),
  ];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <div role="group" aria-label="Show" className="flex flex-wrap gap-2">
          {filters.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => setFilter(f.value)}
              className="min-h-11 rounded border border-slate-500 px-3 font-medium aria-pressed:border-brand aria-pressed:bg-brand aria-pressed:text-white"
            >
              {f.label} <span className="tabular-nums">{f.count}</span>
            </button>
          ))}
        </div>
        <div>
          <label htmlFor={searchId} className="block font-medium">
            Find by name or reference
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            autoComplete="off"
            className="mt-1 min-h-11 w-64 rounded border border-slate-500 bg-white px-3 py-2"
          />
        </div>
      </div>
      <p role="status" className="text-sm text-slate-700">
        {showing === 0 ? "Nobody matches." : `Showing ${showing} of ${items.length}.`}
      </p>

      <ul className="grid gap-4 lg:grid-cols-2" aria-label="Participants expected">
        {items
          .filter((item) => !folded(item))
          .map((item) => (
            <li key={item.participantId} hidden={!shown(item)}>
              {item.card}
            </li>
          ))}
        {foldedItems.length > 0 ? (
          <li key="finished" className="lg:col-span-2" hidden={!(filter === "ALL" || filter === "FINISHED") || (searching && foldedMatching === 0)}>
            <div className="flex flex-wrap items-center gap-3 border-t border-slate-300 pt-3">
              <h2 id={finishedHeadingId} className="text-lg font-semibold">
                Finished this session: {foldedItems.length}
              </h2>
              {filter === "FINISHED" || searching ? null : (
                <button
                  type="button"
                  aria-expanded={finishedShown}
                  aria-describedby={finishedHeadingId}
                  onClick={() => setFinishedShown((open) => !open)}
                  className="min-h-11 rounded border border-slate-500 px-3 font-medium"
                >
                  {finishedShown ? "Hide finished" : "Show finished"}
                </button>
              )}
            </div>
          </li>
        ) : null}
        {foldedItems.map((item) => (
          <li key={item.participantId} hidden={!finishedOpen || !shown(item)}>
            {item.card}
          </li>
        ))}
      </ul>
    </div>
  );
}
