/**
 * Variance spectra of the Gaussian sources in the NERD paper (Lei, Hassani & Saeedi
 * Bidokhti, JSAIT 2023) and in the authors' public code (github.com/leieric/NERD-RCC), by
 * name. The paper and the code differ: the code uses steeper spectra, so its R(D) curves
 * are not the printed figures' sources.
 */
export const GAUSSIAN_SPECTRA = {
  /** Paper Fig. 2 (NERD vs water-filling): m = 20, σ²_k = 4 e^{−k/16}. */
  'paper-fig2': { dim: 20, variance: (k: number) => 4 * Math.exp(-k / 16) },
  /** Paper Fig. 15 (Appendix B): m = 40, σ²_k = 4 e^{−k/4}. */
  'paper-fig15': { dim: 40, variance: (k: number) => 4 * Math.exp(-k / 4) },
  /** Paper Figs. 9 and 19 (RCC): σ²_k = 4 e^{−k²/16}; the paper does not state m, 20 is assumed. */
  'paper-rcc': { dim: 20, variance: (k: number) => 4 * Math.exp(-(k * k) / 16) },
  /** The authors' code, m = 20: σ²_k = 4 e^{−k/2}. */
  'code-m20': { dim: 20, variance: (k: number) => 4 * Math.exp(-k / 2) },
  /** The authors' code, m = 40: σ²_k = 4 e^{−k}. */
  'code-m40': { dim: 40, variance: (k: number) => 4 * Math.exp(-k) },
} as const;

export type GaussianSpectrumName = keyof typeof GAUSSIAN_SPECTRA;

/** The variances σ²_1..σ²_m of a named spectrum (k counts from 1, as in the paper). */
export function gaussianSpectrum(name: GaussianSpectrumName): number[] {
  const s = GAUSSIAN_SPECTRA[name];
  if (!s) throw new RangeError(`name: unknown spectrum '${String(name)}' (expected ${Object.keys(GAUSSIAN_SPECTRA).join(', ')})`);
  return Array.from({ length: s.dim }, (_, i) => s.variance(i + 1));
}
