import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Sealed values: JSON encrypted and authenticated with AES-256-GCM, for cookies that must be neither read
 * nor forged by the browser (the session holds a GitHub token). One key per purpose, derived with HKDF, so a
 * value sealed for one cookie can never be opened as another even if a browser swaps them.
 *
 * Format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url. The version is bound into the authenticated
 * data, so it cannot be swapped either.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** A fixed salt: HKDF's strength comes from the secret; the salt only separates this app's keys. */
const SALT = "clinical-safety-gate/web";

/** A 256-bit key for one purpose (e.g. "session"), derived from a secret with HKDF/SHA-256. */
export function deriveKey(secret: string, purpose: string): Buffer {
  if (secret === "") throw new Error("cannot derive a key from an empty secret");
  return Buffer.from(hkdfSync("sha256", secret, SALT, `csg ${purpose} ${VERSION}`, 32));
}

/** Encrypts `payload` (anything JSON can hold) under `key`; a fresh random IV every time. */
export function seal(key: Buffer, payload: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(VERSION));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()]);
  return [VERSION, ...[iv, ciphertext, cipher.getAuthTag()].map((bytes) => bytes.toString("base64url"))].join(".");
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decrypts a sealed value; undefined when it is malformed, was sealed under another key, or was changed in
 * any way. Never throws: a bad cookie means "signed out", not an error page.
 */
export function unseal(key: Buffer, sealed: string): unknown {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.every((p) => BASE64URL.test(p))) return undefined;
  const [iv, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  if (!iv || !ciphertext || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
