import { describe, expect, it } from "@jest/globals";
import { AuditInputError, normaliseAuditInput } from "../../src/audit/record-input.js";
import type { AuditInput } from "../../src/audit/record.js";

const ID = "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f";
const input = (over: Partial<AuditInput> = {}): AuditInput => ({
  id: ID,
  kind: "answer",
  actor: "alice",
  at: "2026-01-31T09:30:00.000Z",
  repo: "acme/app",
  pr: 7,
  headSha: "a".repeat(40),
  configSha: null,
  data: { questionId: "q1", answer: "yes" },
  ...over,
});
const newId = () => "11111111-2222-4333-8444-555555555555";

describe("normaliseAuditInput", () => {
  it.each<[string, Partial<AuditInput>, Record<string, unknown>]>([
    ["keeps a well-formed input", {}, {}],
    ["gives an id when there is none", { id: undefined }, { id: "11111111-2222-4333-8444-555555555555" }],
    ["writes the id in lower case", { id: ID.toUpperCase() }, { id: ID }],
    ["writes a time without milliseconds with them", { at: "2026-01-31T09:30:00Z" }, { at: "2026-01-31T09:30:00.000Z" }],
    ["writes a time with an offset in UTC", { at: "2026-01-31T10:30:00+01:00" }, { at: "2026-01-31T09:30:00.000Z" }],
    ["keeps milliseconds only (what PostgreSQL returns)", { at: "2026-01-31T09:30:00.1234Z" }, { at: "2026-01-31T09:30:00.123Z" }],
    ["accepts a record outside a PR", { pr: null, headSha: null }, { pr: null, headSha: null }],
  ])("%s", (_name, over, expected) => {
    expect(normaliseAuditInput(input(over), newId)).toEqual({ ...withoutId(input(over)), id: ID, ...expected });
  });

  it("copies data, so that changing the caller's object afterwards changes nothing", () => {
    const data = { answers: { q1: "yes" } };
    const body = normaliseAuditInput(input({ data }), newId);
    data.answers.q1 = "no";
    expect(body.data).toEqual({ answers: { q1: "yes" } });
  });

  it.each<[string, Partial<AuditInput>, string]>([
    ["an id that is not a UUID", { id: "42" }, 'audit record id: "42" is not a UUID'],
    ["an unknown kind", { kind: "approval" as AuditInput["kind"] }, 'audit record kind: "approval" is not one of classification,'],
    ["an empty actor", { actor: "" }, "audit record actor: must be a non-empty string"],
    ["a NUL in the actor", { actor: "a\u0000b" }, "audit record actor: must not contain a NUL character"],
    ["a time without a zone", { at: "2026-01-31T09:30:00" }, 'audit record at: "2026-01-31T09:30:00" is not an ISO-8601 time with a zone'],
    ["a day without a time", { at: "2026-01-31" }, 'audit record at: "2026-01-31" is not an ISO-8601 time with a zone'],
    ["a time that does not exist", { at: "2026-01-31T25:00:00Z" }, 'audit record at: "2026-01-31T25:00:00Z" is not an ISO-8601'],
    ["a repository without owner", { repo: "app" }, 'audit record repo: "app" is not owner/name'],
    ["a PR number of zero", { pr: 0 }, "audit record pr: must be a positive whole number or null"],
    ["a fractional PR number", { pr: 1.5 }, "audit record pr: must be a positive whole number or null"],
    ["a PR number beyond INTEGER", { pr: 2 ** 31 }, "audit record pr: must be a positive whole number or null"],
    ["an empty head SHA", { headSha: "" }, "audit record headSha: must be a non-empty string"],
    ["data that is an array", { data: [] as unknown as AuditInput["data"] }, "audit record data: must be a JSON object"],
    ["data holding undefined", { data: { a: undefined } }, "audit record data: not JSON at $.a: undefined has no JSON form"],
    ["data holding NaN", { data: { rating: NaN } }, "audit record data: not JSON at $.rating: NaN is not a finite number"],
    ["data holding a NUL", { data: { title: "x\u0000" } }, "audit record data: must not contain a NUL character"],
  ])("refuses %s", (_name, over, message) => {
    expect(() => normaliseAuditInput(input(over), newId)).toThrow(AuditInputError);
    expect(() => normaliseAuditInput(input(over), newId)).toThrow(message);
  });
});

function withoutId(value: AuditInput): Omit<AuditInput, "id"> {
  const { id: _id, ...rest } = value;
  return rest;
}
