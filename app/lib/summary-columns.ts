/** Metric names that usually matter most: shown first among equally common keys. */
const HEADLINE = /(^|[_./-])(loss|acc|accuracy|f1|auc|score|reward|return|perplexity|ppl|bleu|error|mse|mae)($|[_./-])/i;

/**
 * Which summary keys a runs table shows as columns: the ones most runs have (a sweep's shared
 * metrics), headline metrics (loss, accuracy, …) before the rest when equally common, then by
 * name, so columns do not jump around as values stream in.
 */
export function summaryColumns(summaries: Record<string, unknown>[], max = 5): string[] {
  const counts = new Map<string, number>();
  for (const s of summaries) for (const key of Object.keys(s)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const headline = (key: string) => (HEADLINE.test(key) ? 0 : 1);
  return [...counts]
    .sort(([a, na], [b, nb]) => nb - na || headline(a) - headline(b) || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .map(([key]) => key);
}
