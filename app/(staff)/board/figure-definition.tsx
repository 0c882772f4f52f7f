import { FIGURE_DEFINITIONS, type FigureId } from "@/domain/board-definitions";

/** How a figure is counted, folded beside it: a native disclosure, opened with the keyboard (Enter or Space on its summary). */
export function FigureDefinition({ id }: { id: FigureId }) {
  const d = FIGURE_DEFINITIONS[id];
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer py-1 text-brand underline">How “{d.title}” is counted</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="font-medium">Window</dt>
        <dd>{d.window}</dd>
        <dt className="font-medium">Definition</dt>
        <dd>{d.definition}</dd>
        <dt className="font-medium">Numerator</dt>
        <dd>{d.numerator}</dd>
        <dt className="font-medium">Denominator</dt>
        <dd>{d.denominator}</dd>
        <dt className="font-medium">Source</dt>
        <dd>{d.source}</dd>
      </dl>
    </details>
  );
}
