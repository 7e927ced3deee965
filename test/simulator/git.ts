import { createHash } from "node:crypto";

/**
 * The SHA git gives a blob: sha1 over `blob <byte length>\0<content>`. The contents API returns it, so an
 * app may use it as a version id (e.g. "config judged under blob abc…") and tests can compute it too.
 */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * A deterministic 40-hex commit SHA for the n-th commit the simulator makes. Deterministic so that a failing
 * test prints the same SHAs on every run; salted so that it never collides with a blob SHA.
 */
export function fakeCommitSha(n: number): string {
  return createHash("sha1").update(`simulated commit ${n}`).digest("hex");
}
