import { isNotFound, type Octokit, type PrRef } from "./octokit.js";

/** Applies a label plan; removing a label someone already removed is not an error. */
export async function applyLabels(octokit: Octokit, ref: PrRef, plan: { add: string[]; remove: string[] }): Promise<void> {
  if (plan.add.length > 0) {
    await octokit.rest.issues.addLabels({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, labels: plan.add });
  }
  for (const name of plan.remove) {
    try {
      await octokit.rest.issues.removeLabel({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, name });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
