export const probabilityLabels = ['Impossible', 'Unlikely', 'Possible', 'Probable', 'Certain'] as const;
export const impactLabels = ['Negligible', 'Minor', 'Medium', 'High', 'Severe'] as const;
export const riskBands = ['low', 'medium', 'high', 'critical'] as const;
export type RiskBand = (typeof riskBands)[number];

/** Risk is probability × impact, 1–25; bands: low 1–4, medium 5–9, high 10–14, critical 15–25. */
export function riskOf(probability: number, impact: number): { risk: number; band: RiskBand } {
  const risk = probability * impact;
  const band: RiskBand = risk >= 15 ? 'critical' : risk >= 10 ? 'high' : risk >= 5 ? 'medium' : 'low';
  return { risk, band };
}

export function describeRating(probability: number, impact: number): string {
  const { risk, band } = riskOf(probability, impact);
  return `probability ${probability} ${probabilityLabels[probability - 1]} × impact ${impact} ${impactLabels[impact - 1]} = risk ${risk} (${band})`;
}
