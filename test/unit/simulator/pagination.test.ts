import { describe, it, expect } from "@jest/globals";
import { paginate, readPageParams } from "../../simulator/pagination.js";

function params(query: string) {
  return readPageParams(new URLSearchParams(query));
}

/** The `rel` → page number pairs of a Link header, in order. */
function rels(link: string | undefined): [string, number][] {
  if (!link) return [];
  return link.split(", ").map((part) => {
    const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (!match) throw new Error(`bad link part ${part}`);
    return [match[2] ?? "", Number(new URL(match[1] ?? "").searchParams.get("page"))];
  });
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("readPageParams", () => {
  it.each([
    ["", { perPage: 30, page: 1 }],
    ["per_page=100&page=3", { perPage: 100, page: 3 }],
    ["per_page=500", { perPage: 100, page: 1 }],
    ["per_page=0&page=0", { perPage: 30, page: 1 }],
    ["per_page=abc&page=-2", { perPage: 30, page: 1 }],
    ["per_page=7", { perPage: 7, page: 1 }],
  ])("reads %j", (query, expected) => {
    expect(params(query)).toEqual(expected);
  });
});

describe("paginate", () => {
  const base = "https://api.github.com/repos/o/r/pulls/1/files";

  it.each([
    // total, query, first item, count, rels
    [10, "", 0, 10, []],
    [0, "", undefined, 0, []],
    [
      250,
      "per_page=100",
      0,
      100,
      [
        ["next", 2],
        ["last", 3],
      ],
    ],
    [
      250,
      "per_page=100&page=2",
      100,
      100,
      [
        ["prev", 1],
        ["next", 3],
        ["last", 3],
        ["first", 1],
      ],
    ],
    [
      250,
      "per_page=100&page=3",
      200,
      50,
      [
        ["prev", 2],
        ["first", 1],
      ],
    ],
    [
      250,
      "per_page=100&page=9",
      undefined,
      0,
      [
        ["prev", 3],
        ["first", 1],
      ],
    ],
    [
      31,
      "",
      0,
      30,
      [
        ["next", 2],
        ["last", 2],
      ],
    ],
  ] as const)("%i items, %j → from %s, %i items, links %j", (total, query, first, count, expected) => {
    const page = paginate(numbers(total), new URL(`${base}?${query}`));
    expect(page.items[0]).toBe(first);
    expect(page.items).toHaveLength(count);
    expect(rels(page.link)).toEqual(expected);
  });

  it("keeps the host, the /api/v3 prefix and other query parameters in its links", () => {
    const page = paginate(numbers(5), new URL("http://127.0.0.1:9/api/v3/repos/o/r/commits/abc/check-runs?check_name=x&per_page=2"));
    const next = /<([^>]+)>; rel="next"/.exec(page.link ?? "")?.[1] ?? "";
    const url = new URL(next);
    expect(url.origin).toBe("http://127.0.0.1:9");
    expect(url.pathname).toBe("/api/v3/repos/o/r/commits/abc/check-runs");
    expect(Object.fromEntries(url.searchParams)).toEqual({ check_name: "x", per_page: "2", page: "2" });
  });
});
