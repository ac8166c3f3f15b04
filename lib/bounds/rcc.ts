import { requireNonNegative } from '../validate.js';

/**
 * One-shot reverse-channel-coding rate guarantee, in bits:
 *
 *   E[L(M)] ≤ R + log2(R + 1) + 5,
 *
 * achieved by the Poisson functional representation (Li & El Gamal, "Strong
 * functional representation lemma and applications to coding theorems",
 * ISIT 2017) applied to the R(D)-achieving channel: the index K has
 * H(K) < I(X;Y) + log2(I(X;Y) + 1) + 4 (NERD paper, eq. 27), and a Zipf
 * Huffman code for K adds at most 1 bit, giving eq. (25) of Lei, Hassani &
 * Saeedi Bidokhti, "Neural estimation of the rate-distortion function with
 * applications to operational source coding" (the NERD paper). Logarithms are
 * base 2 there (Sec. II, notation), so `rateBits` is R(D) in bits.
 */
export function rccRateGuarantee(rateBits: number): number {
  const r = requireNonNegative('rateBits', rateBits);
  return r + Math.log2(r + 1) + 5;
}
