/**
 * The phase-2 completion watermark (spec §3.4): the claimed input watermark, or the newest selected
 * snapshot's `source_updated_at` if later. Pure.
 */
export function computeWatermark(claimed: number, selected: readonly { sourceUpdatedAt: number }[]): number {
  return selected.reduce((max, s) => Math.max(max, s.sourceUpdatedAt), claimed);
}
