/**
 * Street heroin is recognised by the by-products of illicit manufacture (acetylcodeine,
 * papaverine, noscapine). Prescribed diamorphine shows only as morphine/6-MAM, so a
 * 6-MAM or morphine positive alone is not street heroin (DOMAIN.md "Urine screens").
 */
export const STREET_HEROIN_MARKERS = ["ACETYLCODEINE", "PAPAVERINE", "NOSCAPINE"] as const;

/**
 * What a screen says about street heroin:
 * - POSITIVE: at least one street-heroin marker was positive (whatever else is missing);
 * - NEGATIVE: at least one marker was reported, and none was positive. A laboratory
 *   commonly tests one marker (papaverine's metabolites are the most sensitive: Paterson et
 *   al., Addiction 2005), so one reported negative marker is a negative sample;
 * - NOT_TESTED: no marker was reported at all (a lab sample reporting only 6-MAM and
 *   cocaine, say). A blank is never a negative: such a screen is left out of every
 *   negative/positive figure and counted apart as "not tested for street heroin".
 */
export type StreetHeroinStatus = "POSITIVE" | "NEGATIVE" | "NOT_TESTED";

type ReportedResult = { substance: string; result: "POSITIVE" | "NEGATIVE" };

const isMarker = (substance: string) => (STREET_HEROIN_MARKERS as readonly string[]).includes(substance);

export function streetHeroinStatus(results: readonly ReportedResult[]): StreetHeroinStatus {
  const markers = results.filter((r) => isMarker(r.substance));
  if (markers.some((r) => r.result === "POSITIVE")) return "POSITIVE";
  return markers.length > 0 ? "NEGATIVE" : "NOT_TESTED";
}

export function isStreetHeroinPositive(results: readonly ReportedResult[]): boolean {
  return streetHeroinStatus(results) === "POSITIVE";
}

export const STREET_HEROIN_STATUS_LABEL: Record<StreetHeroinStatus, string> = {
  POSITIVE: "Positive",
  NEGATIVE: "Negative",
  NOT_TESTED: "Not tested for street heroin",
};

/** Every substance a screen reports on, markers of street heroin first. */
export const SUBSTANCES = [
  ...STREET_HEROIN_MARKERS,
  "MORPHINE_6MAM",
  "METHADONE",
  "COCAINE",
  "BENZODIAZEPINES",
  "AMPHETAMINES",
  "CANNABIS",
  "ALCOHOL_ETG",
  "OTHER",
] as const;
export type Substance = (typeof SUBSTANCES)[number];

export const SCREEN_RESULTS = ["POSITIVE", "NEGATIVE"] as const;
export type ScreenResult = (typeof SCREEN_RESULTS)[number];

/** Lower-case letters and digits only: "6-MAM", "6 mam" and "6MAM" are one name. */
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Names laboratories print for each test, beside our own codes. Ambiguous names (such as
 * "heroin", which could mean street heroin or prescribed diamorphine) are deliberately
 * absent: an unknown name stops the import so a person decides, rather than a guess
 * deciding whether someone used street heroin.
 */
const LAB_NAMES: Record<Substance, readonly string[]> = {
  ACETYLCODEINE: ["acetylcodeine", "acetyl codeine", "6-acetylcodeine", "6-AC"],
  PAPAVERINE: ["papaverine"],
  NOSCAPINE: ["noscapine", "narcotine"],
  // Opiate immunoassays target morphine, the marker prescribed diamorphine also leaves.
  MORPHINE_6MAM: ["6-MAM", "6-monoacetylmorphine", "monoacetylmorphine", "morphine", "morphine/6-MAM", "opiates"],
  METHADONE: ["methadone", "EDDP", "methadone metabolite"],
  COCAINE: ["cocaine", "benzoylecgonine", "BZE", "cocaine metabolite", "crack"],
  BENZODIAZEPINES: ["benzodiazepines", "benzodiazepine", "benzos", "BZD", "BZO"],
  AMPHETAMINES: ["amphetamines", "amphetamine", "methamphetamine", "AMP"],
  CANNABIS: ["cannabis", "cannabinoids", "THC", "THC-COOH"],
  ALCOHOL_ETG: ["EtG", "ethyl glucuronide", "alcohol", "alcohol (EtG)"],
  OTHER: ["other"],
};

const SUBSTANCE_BY_NAME = new Map<string, Substance>(
  SUBSTANCES.flatMap((substance) => [substance, ...LAB_NAMES[substance]].map((name) => [squash(name), substance] as const)),
);

/** Our code for a laboratory's name for a test (case, spaces and punctuation ignored), or null. */
export function substanceFromLabName(name: string): Substance | null {
  return SUBSTANCE_BY_NAME.get(squash(name)) ?? null;
}

const RESULT_BY_WORD = new Map<string, ScreenResult>([
  ...["positive", "pos", "p", "+", "detected"].map((word) => [word, "POSITIVE"] as const),
  ...["negative", "neg", "n", "-", "not detected", "none detected"].map((word) => [word, "NEGATIVE"] as const),
]);

/** A laboratory's result word as positive or negative, or null when it is neither. */
export function screenResultFromLab(text: string): ScreenResult | null {
  return RESULT_BY_WORD.get(text.trim().toLowerCase().replace(/\s+/g, " ")) ?? null;
}
