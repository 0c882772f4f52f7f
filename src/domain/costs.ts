/**
 * The assumptions behind the board's estimate of criminal-justice savings (DOMAIN.md
 * "Costs"): the fall in detected offences times what one detected offence costs.
 */
export type CostAssumptions = {
  /** Criminal-justice cost of one detected offence, in pence. */
  costPerOffencePence: number;
  /** Where the figure comes from, shown beside the estimate. */
  basis: string;
};

/**
 * Until the clinic sets its own figure: the Middlesbrough pilot reported an estimated
 * saving of £97,800 in year one for 25 fewer detected offences (42 → 17), £3,912 each.
 */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  costPerOffencePence: 391_200,
  basis: "Middlesbrough HAT pilot, year one: £97,800 estimated saving for 25 fewer detected offences.",
};
