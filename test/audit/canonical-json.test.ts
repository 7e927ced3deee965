import { describe, expect, it } from "@jest/globals";
import { canonicalJson, NotJsonError } from "../../src/audit/canonical-json.js";

describe("canonicalJson", () => {
  it.each<[string, unknown, string]>([
    ["null", null, "null"],
    ["booleans", [true, false], "[true,false]"],
    ["integers and fractions", [0, -3, 1.5, 1e21, 5e-7], "[0,-3,1.5,1e+21,5e-7]"],
    ["negative zero as zero", -0, "0"],
    ["strings escaped as JSON.stringify does", 'a"b\\c\n\u2028é', JSON.stringify('a"b\\c\n\u2028é')],
    ["keys sorted", { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ["keys sorted by code unit, upper case first", { b: 1, B: 2, _: 3, "10": 4, "9": 5 }, '{"10":4,"9":5,"B":2,"_":3,"b":1}'],
    ["nested objects sorted at every depth", { z: { y: [{ b: 1, a: 2 }], x: {} } }, '{"z":{"x":{},"y":[{"a":2,"b":1}]}}'],
    ["arrays kept in order", [3, 1, 2], "[3,1,2]"],
    ["empty containers", { a: [], b: {} }, '{"a":[],"b":{}}'],
    ["an object without prototype", Object.assign(Object.create(null) as object, { b: 1, a: 1 }), '{"a":1,"b":1}'],
  ])("writes %s", (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it("gives the same text for the same value built in another key order", () => {
    const one = { answers: { q1: "yes", q2: "no" }, signOff: { role: "cso", actor: "dr" } };
    const two = { signOff: { actor: "dr", role: "cso" }, answers: { q2: "no", q1: "yes" } };
    expect(canonicalJson(two)).toBe(canonicalJson(one));
  });

  it("reads back to the same value", () => {
    const value = { b: [1, "two", { c: null, d: false }], a: "x" };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it.each<[string, unknown, string]>([
    ["undefined", undefined, "not JSON at $: undefined has no JSON form"],
    ["an undefined member", { a: { b: undefined } }, "not JSON at $.a.b: undefined has no JSON form"],
    ["an undefined item", [1, undefined], "not JSON at $[1]: undefined has no JSON form"],
    // eslint-disable-next-line no-sparse-arrays -- the hole is the case under test
    ["a hole in an array", [1, , 3], "not JSON at $[1]: undefined has no JSON form"],
    ["NaN", { n: NaN }, "not JSON at $.n: NaN is not a finite number"],
    ["Infinity", [Infinity], "not JSON at $[0]: Infinity is not a finite number"],
    ["-Infinity", { "odd key": -Infinity }, 'not JSON at $["odd key"]: -Infinity is not a finite number'],
    ["a bigint", { n: 1n }, "not JSON at $.n: bigint has no JSON form"],
    ["a function", { f: () => 1 }, "not JSON at $.f: function has no JSON form"],
    ["a symbol", [Symbol("s")], "not JSON at $[0]: symbol has no JSON form"],
    ["a Date", { at: new Date(0) }, "not JSON at $.at: a Date is not a plain object"],
    ["a Map", new Map(), "not JSON at $: a Map is not a plain object"],
  ])("refuses %s", (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
