/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a `Link`
 * header that `octokit.paginate` follows. Getting this right is the point: an app that reads only the first
 * page of files or comments silently misses changes.
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageParams {
  perPage: number;
  page: number;
}

/** Reads `per_page` and `page` the lenient way GitHub does: junk falls back to the default, >100 is 100. */
export function readPageParams(query: URLSearchParams): PageParams {
  const perPage = positiveInt(query.get("per_page")) ?? DEFAULT_PER_PAGE;
  const page = positiveInt(query.get("page")) ?? 1;
  return { perPage: Math.min(perPage, MAX_PER_PAGE), page };
}

function positiveInt(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

export interface Page<T> {
  items: T[];
  /** The `Link` header value; absent when everything fits on one page. */
  link?: string;
}

/**
 * Cuts one page out of `items` and builds the `Link` header from the request's own URL (host, prefix and
 * other query parameters kept), in GitHub's order: prev, next, last, first.
 */
export function paginate<T>(items: readonly T[], requestUrl: URL): Page<T> {
  const { perPage, page } = readPageParams(requestUrl.searchParams);
  const start = (page - 1) * perPage;
  const pageItems = items.slice(start, start + perPage);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  if (lastPage === 1 && page === 1) return { items: pageItems };

  const linkTo = (n: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set("page", String(n));
    url.searchParams.set("per_page", String(perPage));
    return `<${url.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${linkTo(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) {
    parts.push(`${linkTo(page + 1)}; rel="next"`);
    parts.push(`${linkTo(lastPage)}; rel="last"`);
  }
  if (page > 1) parts.push(`${linkTo(1)}; rel="first"`);
  return { items: pageItems, link: parts.join(", ") };
}
