import { randomBytes, timingSafeEqual } from "node:crypto";
import { seal, unseal } from "./sealed.js";

/**
 * The OAuth `state`: a random value sent to GitHub and kept in a short-lived sealed cookie (`csg_oauth`),
 * so the callback only accepts a sign-in this browser started here. Without it, an attacker could sign a
 * victim in as the attacker (login CSRF) and have the victim's audit work recorded under the wrong person.
 * The cookie also carries where to go after signing in.
 */

/** The state cookie's name. */
export const LOGIN_STATE_COOKIE = "csg_oauth";
/** Only sent to the callback. */
export const LOGIN_STATE_PATH = "/audit/callback";
/** Long enough to type a password and a two-factor code at GitHub; short enough to be useless later. */
export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

/** A sign-in in progress. */
export interface LoginState {
  state: string;
  /** Where to send the person afterwards (already checked to be a page of the audit pages). */
  next: string;
  expiresAt: number;
}

/** A fresh unguessable state value (256 bits). */
export function newStateValue(): string {
  return randomBytes(32).toString("base64url");
}

/** The sealed cookie value for a sign-in started at `now`. */
export function encodeLoginState(key: Buffer, state: string, next: string, now: number): string {
  const value: LoginState = { state, next, expiresAt: now + LOGIN_STATE_TTL_MS };
  return seal(key, value);
}

function isLoginState(value: unknown): value is LoginState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.state === "string" && typeof v.next === "string" && typeof v.expiresAt === "number";
}

/** The sign-in in progress in a cookie value; undefined when tampered with, foreign or expired. */
export function decodeLoginState(key: Buffer, value: string, now: number): LoginState | undefined {
  const decoded = unseal(key, value);
  return isLoginState(decoded) && decoded.expiresAt > now ? decoded : undefined;
}

/** Compares the state GitHub sent back with the one in the cookie, in constant time. */
export function sameState(expected: string, received: string | null): boolean {
  if (received === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
