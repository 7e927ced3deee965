/**
 * A signature made on the audit page, applied by the inbox worker in its PR's stream (intake/internal-
 * delivery.ts): through the same pipeline as any event, with the person's roles asked of GitHub afresh. The
 * core decides it by the rules of `/safety sign-off` (core/plan.ts), records it, and publishes the check,
 * comment and labels; a crash before publishing is healed when the inbox tries the delivery again (the
 * signature is found recorded by its source and only what is still missing is published).
 */
import type { Context } from "probot";
import type { SignaturePayload } from "../intake/internal-delivery.js";
import { runGate, type GateDeps } from "./gate.js";

export async function onPageSignature(deps: GateDeps, context: Context): Promise<void> {
  const payload = context.payload as unknown as SignaturePayload;
  const { repository, pull_request: pr, signature } = payload;
  await runGate(deps, context.octokit, {
    ref: { owner: repository.owner.login, repo: repository.name, number: pr.number },
    defaultBranch: repository.default_branch,
    headSha: signature.headSha,
    extraActors: [signature.actor],
    event: {
      kind: "signature",
      actor: signature.actor,
      at: signature.at,
      role: signature.role,
      headSha: signature.headSha,
      signedInAt: signature.signedInAt,
      ...(signature.rationale === undefined ? {} : { rationale: signature.rationale }),
      source: `audit-page:${signature.id}`,
    },
    // Membership is asked of GitHub now, never taken from a cache: this is the moment of signing.
    fresh: true,
    log: context.log,
  });
}
