"use client";

/** The browser's own print dialog, which saves as PDF. */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="no-print rounded bg-brand px-4 font-medium text-white">
      Print / save as PDF
    </button>
  );
}
