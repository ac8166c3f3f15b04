/**
 * High-rate gap of entropy-coded scalar quantization (ECSQ) to R(D) under MSE:
 * a uniform quantizer with step Δ has D ≈ Δ²/12 and H ≈ h(X) − log2 Δ, while
 * the Shannon lower bound gives R(D) ≥ h(X) − ½ log2(2πe D), so the gap is
 *
 *   ½ log2(πe/6) ≈ 0.2546 bits  (Gish & Pierce 1968; Gersho & Gray,
 *   Vector Quantization and Signal Compression, Sec. 9.9).
 */
export const ecsqHighRateGapBits: number = 0.5 * Math.log2((Math.PI * Math.E) / 6);

/** The same gap as a distortion ratio at equal rate: 10 log10(πe/6) ≈ 1.53 dB. */
export const ecsqHighRateGapDecibels: number = 10 * Math.log10((Math.PI * Math.E) / 6);
