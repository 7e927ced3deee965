import { afterEach, describe, expect, it } from "@jest/globals";
import { PrDriver, startHarness, type Harness } from "./harness.js";

describe("The check run and the sticky comment link to the PR's audit page (PUBLIC_URL)", () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it("links both to /audit/<owner>/<repo>/pull/<n>", async () => {
    h = await startHarness({ publicUrl: "https://safety.example.org/" });
    const pr = await PrDriver.open(h);
    const url = `https://safety.example.org/audit/acme/eprescribe/pull/${pr.number}`;
    expect(pr.check().detailsUrl).toBe(url);
    expect(pr.sticky().body).toContain(url);
  });

  it("leaves the links out when no PUBLIC_URL is known", async () => {
    h = await startHarness();
    const pr = await PrDriver.open(h);
    expect(pr.check().detailsUrl).toBeNull();
    expect(pr.sticky().body).not.toContain("/audit/");
  });
});
