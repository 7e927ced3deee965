import { randomBytes } from "node:crypto";
import { deriveKey, seal, unseal } from "./sealed.js";

/**
 * The session: who is signed in and their GitHub token, in one cookie (`csg_session`) that the browser keeps
 * and cannot read or alter. The token is encrypted, not just signed: it grants the person's GitHub access,
 * and a cookie ends up in places (browser profiles, proxies' memory) where a plain token must not.
 * The expiry travels inside the sealed value, so a cookie replayed after its Max-Age is still refused. It also
 * carries a random id: signing out records it as revoked in the database (`gate_revoked_sessions`), so a copy of the
 * cookie is refused from then on, not only once it expires.
 */

/** The session cookie's name. */
export const SESSION_COOKIE = "csg_session";
/** Sessions last a working day; then the person signs in again (GitHub remembers them, so it is one click). */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** What is below this length is too weak to derive the session key from. */
export const MIN_SESSION_SECRET_LENGTH = 32;

/** A signed-in person. */
export interface Session {
  /** Random (128 bits), unique to this sign-in: what sign-out revokes. */
  id: string;
  login: string;
  /** Their OAuth token: only ever sent to GitHub, never written to a page or a log. */
  token: string;
  /** Epoch ms after which the session is over. */
  expiresAt: number;
  /**
   * Epoch ms of the GitHub sign-in (the OAuth round trip) that started this session: a signature on the audit
   * pages needs a recent one (core/strong-signing.ts). Absent in a cookie sealed before it was kept: such a
   * session may read, never sign.
   */
  signedInAt?: number;
}

/** The secret the session key comes from: SESSION_SECRET when set, else the app's OAuth client secret. */
export interface SessionSecretSource {
  sessionSecret?: string | undefined;
  clientSecret: string;
}

/**
 * The key that seals sessions. A dedicated SESSION_SECRET is preferred (rotating it signs everyone out
 * without touching the GitHub App); the client secret is the fallback so that a deployment works with the two
 * OAuth variables alone. Either way HKDF gives a key that is used for nothing else.
 */
export function sessionKey(source: SessionSecretSource): Buffer {
  const { sessionSecret } = source;
  if (sessionSecret !== undefined && sessionSecret !== "") {
    if (sessionSecret.length < MIN_SESSION_SECRET_LENGTH) {
      throw new Error(`SESSION_SECRET must be at least ${MIN_SESSION_SECRET_LENGTH} characters`);
    }
    return deriveKey(sessionSecret, "session");
  }
  return deriveKey(source.clientSecret, "session from client secret");
}

/** A fresh session id. */
export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Seals a new session for `login`, valid for {@link SESSION_TTL_MS} from `now`, under a fresh id; `now` is
 * also when the person signed in with GitHub (the session starts at the callback).
 */
export function encodeSession(key: Buffer, person: { login: string; token: string }, now: number): string {
  const session: Session = { id: newSessionId(), login: person.login, token: person.token, expiresAt: now + SESSION_TTL_MS, signedInAt: now };
  return seal(key, session);
}

function isSession(value: unknown): value is Session {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  // A cookie sealed before sessions had ids cannot be revoked, so it is not a session.
  if (typeof v.id !== "string" || v.id === "") return false;
  if (v.signedInAt !== undefined && typeof v.signedInAt !== "number") return false;
  return typeof v.login === "string" && v.login !== "" && typeof v.token === "string" && v.token !== "" && typeof v.expiresAt === "number";
}

/**
 * The session in a cookie value; undefined when tampered with, sealed under another key, or expired. Whether
 * it was signed out is the database's to say (`readSession`).
 */
export function decodeSession(key: Buffer, value: string, now: number): Session | undefined {
  const session = unseal(key, value);
  if (!isSession(session) || session.expiresAt <= now) return undefined;
  return session;
}
