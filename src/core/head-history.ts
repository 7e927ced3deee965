/**
 * Which commit a comment was written about. A comment names no commit: it counts for the PR's current head
 * H only if H was the head continuously from before the comment was written until it is processed. The
 * first time the gate ever saw H is not enough: push B, push A, the CSO signs while looking at A, the author
 * force-pushes back to B before the comment is processed — B was seen long before the comment, yet the
 * signer never saw B as the head.
 */

/** Evidence that `sha` was the PR's head at `at` (ISO): a webhook payload, or the gate reading the PR. */
export interface HeadObservation {
  sha: string;
  at: string;
}

/**
 * When the current uninterrupted run of `head` began: the time of the first observation of the last run
 * of observations of `head` (in the order they were made). Undefined when the last observation is not of
 * `head` (so nothing shows it has been the head for any time at all).
 */
export function headContinuousSince(observations: readonly HeadObservation[], head: string): string | undefined {
  let since: string | undefined;
  for (let i = observations.length - 1; i >= 0; i--) {
    const o = observations[i] as HeadObservation;
    if (o.sha !== head) break;
    since = o.at;
  }
  return since;
}
