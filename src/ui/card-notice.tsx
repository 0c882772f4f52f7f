"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode, type Ref } from "react";

/** What a form on a card last answered: saved (and when), or not saved and why. */
export type Notice = {
  kind: "saved" | "refused";
  text: string;
  /** The form that sent it (its `data-form`). */
  source: string;
  /** Sign in again and come back here (the session had ended). */
  signInHref?: string;
};

type CardNotices = {
  /** The card's heading id: where the nurse comes back to after signing in again. */
  anchor: string;
  notice: Notice | null;
  report: (notice: Notice | null) => void;
  /** A form says it is on the card; the function returned says it has gone. */
  attach: (source: string) => () => void;
};

const CardNoticeContext = createContext<CardNotices | null>(null);

/** The card a form is on, or null for a form elsewhere. */
export function useCardNotices(): CardNotices | null {
  return useContext(CardNoticeContext);
}

/**
 * The answer to the last step sent from a card (a participant's on Today), kept by the card
 * rather than by the form that sent it. A recorded step swaps the form for the next step's,
 * and so does a page refreshed while a request was on its way: the answer must survive
 * both, or a tablet that lost a race to another one moves on as if its own step had been
 * recorded. The sending form shows the answer while it is still there; once it has gone,
 * the card shows it above the next step. It stays until the nurse starts on another form
 * (or, after a save, types anything) or sends again.
 */
export function CardNoticeArea({ anchor, children }: { anchor: string; children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [forms, setForms] = useState<ReadonlySet<string>>(() => new Set());
  const attach = useCallback((source: string) => {
    setForms((shown) => new Set(shown).add(source));
    return () =>
      setForms((shown) => {
        const left = new Set(shown);
        left.delete(source);
        return left;
      });
  }, []);
  const value = useMemo(() => ({ anchor, notice, report: setNotice, attach }), [anchor, notice, attach]);

  return (
    <CardNoticeContext.Provider value={value}>
      <div
        className="space-y-3"
        onInput={(event) => {
          if (!notice) return;
          const form = (event.target as Partial<HTMLInputElement>).form;
          if (notice.kind === "saved" || form?.dataset.form !== notice.source) setNotice(null);
        }}
      >
        {notice && !forms.has(notice.source) ? <NoticeMessage notice={notice} /> : null}
        {children}
      </div>
    </CardNoticeContext.Provider>
  );
}

/** A saved step is a polite status; a refusal an alert, with the way to sign in again when that is why. */
export function NoticeMessage({ notice, ref }: { notice: Notice; ref?: Ref<HTMLDivElement> }) {
  if (notice.kind === "saved") {
    return (
      <div ref={ref} role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-emerald-900">
        {notice.text}
      </div>
    );
  }
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-danger">
      {notice.text}
      {notice.signInHref ? (
        <>
          {" "}
          <a href={notice.signInHref} className="inline-flex min-h-11 items-center font-semibold underline">
            Sign in again
          </a>
        </>
      ) : null}
    </div>
  );
}
