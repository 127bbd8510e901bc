/**
 * How far before "now" the baseline goes when the first poll finds no runs at all. Then there is no
 * history to keep quiet about, and "now" would be too late: a run that started just before it (the
 * API's clock behind ours, or a run started between the API's answer and the baseline's write) would
 * pass for history and never be alerted. Why not "no baseline, every later run is news": an API that
 * answers one empty list by mistake (or state wiped while it does) would then have the whole history
 * alerted; with a margin, only the runs of the last few minutes can be, and those are news anyway.
 */
export const EMPTY_LIST_BASELINE_MARGIN_MS = 5 * 60_000;

/**
 * The baseline the first poll records: the start of the newest run it saw (older runs are history),
 * or, with no run to read a start from, a little before now.
 */
export function firstBaseline(starts: number[], now: number): number {
  return starts.length > 0 ? Math.max(...starts) : now - EMPTY_LIST_BASELINE_MARGIN_MS;
}
