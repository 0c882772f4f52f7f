/**
 * Street heroin is recognised by the by-products of illicit manufacture (acetylcodeine,
 * papaverine, noscapine). Prescribed diamorphine shows only as morphine/6-MAM, so a
 * 6-MAM or morphine positive alone is not street heroin (DOMAIN.md "Urine screens").
 */
export const STREET_HEROIN_MARKERS = ["ACETYLCODEINE", "PAPAVERINE", "NOSCAPINE"] as const;

export function isStreetHeroinPositive(results: readonly { substance: string; result: "POSITIVE" | "NEGATIVE" }[]): boolean {
  return results.some((r) => r.result === "POSITIVE" && (STREET_HEROIN_MARKERS as readonly string[]).includes(r.substance));
}
