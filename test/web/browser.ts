/**
 * A tiny browser for tests over HTTP: plain `fetch`, redirects followed by hand (so each hop can be
 * asserted), cookies kept the way a browser keeps them (by name and path, across ports of the same host),
 * and every exchange recorded so a test can search all of them for something that must never appear.
 */

interface StoredCookie {
  value: string;
  path: string;
}

/** One request and its answer, as seen on the wire. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: string;
}

export class TestBrowser {
  readonly cookies = new Map<string, StoredCookie>();
  readonly history: Exchange[] = [];

  /** The `Cookie` header a browser would send to this URL. */
  cookieHeader(url: string): string | undefined {
    const { pathname } = new URL(url);
    const pairs = [...this.cookies.entries()]
      .filter(([, c]) => pathname === c.path || pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`);
    return pairs.length > 0 ? pairs.join("; ") : undefined;
  }

  private store(setCookie: string): void {
    const [pair = "", ...attributes] = setCookie.split(";").map((s) => s.trim());
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
    const maxAge = attributes.find((a) => a.toLowerCase().startsWith("max-age="))?.slice(8);
    if (maxAge !== undefined && Number(maxAge) <= 0) this.cookies.delete(name);
    else this.cookies.set(name, { value, path });
  }

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    const method = init.method ?? "GET";
    const response = await fetch(url, { method, headers, redirect: "manual", ...(init.body !== undefined ? { body: init.body } : {}) });
    const setCookies = response.headers.getSetCookie();
    for (const c of setCookies) this.store(c);
    const exchange: Exchange = {
      method,
      url,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      setCookies,
      body: await response.text(),
    };
    this.history.push(exchange);
    return exchange;
  }

  /** Requests and follows redirects (as GET, as browsers do after 302/303), returning every hop. */
  async follow(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Exchange[]> {
    const hops: Exchange[] = [];
    let next: string | undefined = url;
    let request = init;
    while (next !== undefined) {
      if (hops.length > 10) throw new Error(`too many redirects from ${url}`);
      const exchange = await this.request(next, request);
      hops.push(exchange);
      const location = exchange.headers.location;
      next = exchange.status >= 300 && exchange.status < 400 && location ? new URL(location, next).toString() : undefined;
      request = {};
    }
    return hops;
  }
}

/** The last element, failing the test when there is none. */
export function last<T>(items: T[]): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error("expected at least one item");
  return item;
}

/** The hidden fields and action of the simulator's authorize form, read from its HTML. */
export function authorizeForm(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no authorize form in:\n${html}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const [, name = "", value = ""] = match;
    fields[name] = value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  }
  return { action, fields };
}
