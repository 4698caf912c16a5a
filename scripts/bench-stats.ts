// The statistics both benchmark scripts use: medians and percentiles of per-round figures, and a
// fresh order of the variants for every round.
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
/** The median of per-round ratios, with the middle half of them as the spread. */
export const spread = (values: number[]) => ({
  median: round(median(values), 3),
  p25: round(percentile(values, 25), 3),
  p75: round(percentile(values, 75), 3),
});
export const shuffle = <T>(items: readonly T[]): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};
