"use client";

import { useEffect, useId, useRef } from "react";
import type { Confirmation } from "@/domain/confirmations";

/**
 * Asks before a step that cannot be undone: a modal native <dialog> (the browser keeps focus
 * inside it, makes the page behind it inert and closes it on Escape). Focus starts on
 * "Cancel", the choice that changes nothing, so Enter pressed out of habit records nothing;
 * when it closes, focus goes back to where it was (the button that asked).
 */
export function ConfirmDialog({ confirmation, onConfirm, onCancel }: { confirmation: Confirmation | null; onConfirm: () => void; onCancel: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (confirmation && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!confirmation && dialog.open) {
      dialog.close();
      returnTo.current?.focus();
    }
  }, [confirmation]);

  return (
    <dialog
      ref={dialogRef}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequences`}
      // Escape: the browser would close the dialog itself; closing it is this component's.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      className="m-auto w-full max-w-lg rounded border border-slate-400 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
    >
      {confirmation ? (
        <>
          <h2 id={`${id}-title`} className="text-xl font-semibold">
            {confirmation.title}
          </h2>
          <div id={`${id}-consequences`} className="mt-3 space-y-2">
            {confirmation.consequences.map((sentence) => (
              <p key={sentence}>{sentence}</p>
            ))}
          </div>
          <div className="mt-6 flex flex-wrap justify-end gap-3">
            <button ref={cancelRef} type="button" onClick={onCancel} className="rounded border border-slate-500 bg-white px-5 py-3 font-medium">
              Cancel
            </button>
            <button type="button" onClick={onConfirm} className="rounded bg-danger px-5 py-3 font-medium text-white">
              {confirmation.confirmLabel}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
