import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

export const probabilityLabels = ['Impossible', 'Unlikely', 'Possible', 'Probable', 'Certain'] as const;
export const impactLabels = ['Negligible', 'Minor', 'Medium', 'High', 'Severe'] as const;
export const riskBands = ['low', 'medium', 'high', 'critical'] as const;
export type RiskBand = (typeof riskBands)[number];

/** Risk is probability × impact, 1–25. Each band starts at its floor, highest first; below the last floor is low. */
const bandFloors: readonly { band: Exclude<RiskBand, 'low'>; from: number }[] = [
  { band: 'critical', from: 15 },
  { band: 'high', from: 10 },
  { band: 'medium', from: 5 },
];

export function riskOf(probability: number, impact: number): { risk: number; band: RiskBand } {
  const risk = probability * impact;
  return { risk, band: bandFloors.find(({ from }) => risk >= from)?.band ?? 'low' };
}

/**
 * The same bands in SQL, for counting bugs by band in the database; 'unrated' while either rating is
 * missing. Its figures are literal SQL, not parameters, so grouping by it repeats the select's expression.
 */
export function riskBandSql(probability: SQLWrapper, impact: SQLWrapper): SQL<RiskBand | 'unrated'> {
  const whens = bandFloors.map(({ band, from }) => sql`when ${probability} * ${impact} >= ${sql.raw(String(from))} then '${sql.raw(band)}'`);
  return sql<RiskBand | 'unrated'>`case when ${probability} is null or ${impact} is null then 'unrated' ${sql.join(whens, sql` `)} else 'low' end`;
}

export function describeRating(probability: number, impact: number): string {
  const { risk, band } = riskOf(probability, impact);
  return `probability ${probability} ${probabilityLabels[probability - 1]} × impact ${impact} ${impactLabels[impact - 1]} = risk ${risk} (${band})`;
}
