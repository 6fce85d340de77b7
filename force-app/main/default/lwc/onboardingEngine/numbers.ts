/**
 * Rounding and percentiles shared by the engine (docs/engine.md 1.3 and 6).
 */

/**
 * Rounds half up to a whole number. The `1e-9` makes a value that is a half in exact arithmetic, but lands a hair
 * below it in binary floating point, round up, so Apex and TypeScript agree.
 * @param x the value
 */
export function roundHalfUp(x: number): number {
    return Math.floor(x + 0.5 + 1e-9);
}

/**
 * Rounds half up to a number of decimals (`roundTo(0.12345, 4) = 0.1235`).
 * @param x the value
 * @param decimals decimal places, 0 or more
 */
export function roundTo(x: number, decimals: number): number {
    const factor = 10 ** decimals;
    return roundHalfUp(x * factor) / factor;
}

/**
 * Nearest-rank percentile: the value at 1-based rank `ceil(p / 100 * n)` of the sorted values (the median of an
 * even count is the lower middle value). Null for no values.
 * @param values the values, any order
 * @param p the percentile, above 0 and at most 100
 */
export function percentileNearestRank(values: readonly number[], p: number): number | null {
    return nearestRankOfSorted(Float64Array.from(values).sort(), p);
}

/**
 * Nearest-rank percentile of values already sorted ascending (see `percentileNearestRank`).
 * @param sorted the values, ascending
 * @param p the percentile, above 0 and at most 100
 */
export function nearestRankOfSorted(sorted: ArrayLike<number>, p: number): number | null {
    if (sorted.length === 0) {
        return null;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
    return sorted[rank - 1];
}
