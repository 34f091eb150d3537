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

export const acceptedDifferences: readonly AcceptedDifference[] = [
  {
    scenario: 'sys_get_replace_state',
    golden: 'replace_state fun errors: {error,{callback_failed,{gen_server,system_replace_state},{error,boom}}}',
    ours: "replace_state fun errors: {error,{callback_failed,{gen_server,system_replace_state},{error,{boom,'<stack>'}}}}",
    reason:
      "Erlang's error(boom) raises the bare term boom (the stacktrace travels apart); JavaScript raises an Error object that " +
      "always carries its stack, and otpscope hands that Error itself back as the class-error reason (printed {Message,'<stack>'}).",
  },
];
