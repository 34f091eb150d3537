/**
 * Deliberate differences from OTP: lines where otpscope prints something else
 * on purpose, each with the reason. The runner shows them as "accepted
 * difference", never as a silent pass.
 */

/** One accepted difference: the golden line (exact) and ours (exact), and why. */
export interface AcceptedDifference {
  readonly scenario: string;
  readonly golden: string;
  readonly ours: string;
  readonly reason: string;
}

export const acceptedDifferences: readonly AcceptedDifference[] = [];
