// Small deterministic pseudo-random generators: the same seed always yields the same site.

/**
 * Mixes a seed and an index into one 32-bit state, so page 7 of seed 1 never depends on pages 0–6.
 * @param {number} seed
 * @param {number} index
 * @param {number} stream Distinguishes independent draws for the same page (links vs text).
 * @returns {number}
 */
export function mixSeed(seed, index, stream) {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13) ^ (stream * 0x27d4eb2f), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * mulberry32: fast, good enough for generating test data; returns floats in [0, 1).
 * @param {number} state
 * @returns {() => number}
 */
export function mulberry32(state) {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {() => number} rand
 * @param {number} n
 * @returns {number} An integer in [0, n).
 */
export function randInt(rand, n) {
  return Math.floor(rand() * n);
}
