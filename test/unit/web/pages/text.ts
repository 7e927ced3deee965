/** Reading rendered pages in tests, the way a person reads them: text, not markup. */

/** Elements that start a new block of text: a space where they start or end, where inline ones leave none. */
const BLOCK =
  /<\/?(?:p|div|li|ul|ol|dl|dt|dd|td|th|tr|table|caption|thead|tbody|h[1-6]|br|section|figure|figcaption|header|nav|main|form|label|select|option)\b[^>]*>/g;

/** The text of a fragment of HTML: tags dropped, the entities the pages use decoded, spaces collapsed. */
export function textOf(fragment: string): string {
  return fragment
    .replace(BLOCK, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The text of each row header (`<th scope="row">`) of the page's tables, in order. */
export function rowHeads(page: string): string[] {
  return [...page.matchAll(/<th scope="row">([\s\S]*?)<\/th>/g)].map((m) => textOf(m[1] ?? ""));
}

/** The text of the page's main content. */
export function mainText(page: string): string {
  return textOf(/<main[\s\S]*<\/main>/.exec(page)?.[0] ?? "");
}
