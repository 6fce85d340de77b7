/**
 * mulberry32: a small, fast pseudo-random generator that is fully deterministic for a given seed. The sample
 * data generator and the benchmarks use it so their output is the same on every machine and every run.
 */
export function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
