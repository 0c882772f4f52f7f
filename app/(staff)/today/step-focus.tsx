"use client";

import { useEffect, useRef, type ReactNode } from "react";

const FIELD = "input:not([type='hidden']):not([disabled]), select:not([disabled]), textarea:not([disabled])";

/**
 * When a step is recorded the card swaps its form for the next one, and the control that had
 * focus is gone. Focus moves to the next step's first field, or to the card's heading when the
 * next step has none, so a keyboard or screen-reader user carries on in the same card instead
 * of starting again from the top of the page (WCAG 2.4.3 Focus Order). Only when the user was
 * working in this card and focus is still there or was lost with the old form: someone working
 * elsewhere on the page is not pulled across by a change another user made.
 */
export function StepFocus({ step, headingId, next, children }: { step: string; headingId: string; next: ReactNode; children: ReactNode }) {
  const card = useRef<HTMLDivElement>(null);
  const nextStep = useRef<HTMLDivElement>(null);
  const shown = useRef(step);
  // Whether the user was last working in this card; focus leaving for somewhere else clears it.
  const working = useRef(false);

  useEffect(() => {
    if (shown.current === step) return;
    shown.current = step;
    const active = document.activeElement;
    // Still in this card: on its forms, or on its heading, where a step with nothing to fill in
    // left focus to wait (for a prescriber's authorisation, say, which arrives by itself).
    const focusLost = active === null || active === document.body || active.id === headingId || (card.current?.contains(active) ?? false);
    if (!working.current || !focusLost) return;
    (nextStep.current?.querySelector<HTMLElement>(FIELD) ?? document.getElementById(headingId))?.focus();
  }, [step, headingId]);

  return (
    <div
      ref={card}
      className="space-y-3"
      onFocus={() => {
        working.current = true;
      }}
      onBlur={(event) => {
        // A control removed with its form blurs with no related target: that is not leaving.
        if (event.relatedTarget && !card.current?.contains(event.relatedTarget)) working.current = false;
      }}
    >
      <div ref={nextStep}>{next}</div>
      {children}
    </div>
  );
}
