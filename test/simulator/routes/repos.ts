import { gitBlobSha } from "../git.js";
import { header, json, notFound, rawText, type SimResponse } from "../http.js";
import { API, WEB, repoShape, userShape } from "../shapes.js";
import { repoRoute, type RepoContext, type Route } from "./define.js";

/** Repository metadata, file contents by ref, and collaborator permission. */

/** Base64 wrapped at 60 columns, as the contents API sends it (clients must not assume one line). */
function wrappedBase64(text: string): string {
  const encoded = Buffer.from(text, "utf8").toString("base64");
  return (encoded.match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}

function entryLinks(ctx: RepoContext, path: string, ref: string) {
  const { owner, name } = ctx.repo;
  const url = `${API}/repos/${owner}/${name}/contents/${path}?ref=${ref}`;
  return { url, html_url: `${WEB}/${owner}/${name}/blob/${ref}/${path}` };
}

function contents(ctx: RepoContext): SimResponse {
  const ref = ctx.query.get("ref") ?? undefined;
  const sha = ctx.state.resolveRef(ctx.repo, ref);
  if (sha === undefined) return notFound(`No commit found for the ref ${ref ?? ""}`);
  const tree = ctx.repo.trees[sha] ?? {};
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const refName = ref ?? ctx.repo.defaultBranch;

  const text = tree[path];
  if (text !== undefined) {
    if (header(ctx.headers, "accept")?.includes("raw")) return rawText(text);
    const links = entryLinks(ctx, path, refName);
    return json(200, {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text, "utf8"),
      name: path.split("/").at(-1),
      path,
      content: wrappedBase64(text),
      sha: gitBlobSha(text),
      ...links,
      git_url: `${API}/repos/${ctx.repo.owner}/${ctx.repo.name}/git/blobs/${gitBlobSha(text)}`,
      download_url: `https://raw.githubusercontent.com/${ctx.repo.owner}/${ctx.repo.name}/${refName}/${path}`,
    });
  }

  // A directory: list its direct children (GitHub answers JSON here even when raw was asked for).
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const filePath of Object.keys(tree)) {
    if (!filePath.startsWith(prefix)) continue;
    const [first = "", ...rest] = filePath.slice(prefix.length).split("/");
    children.set(first, rest.length > 0 ? "dir" : "file");
  }
  if (children.size === 0) return notFound();
  const entries = [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, type]) => {
      const childPath = `${prefix}${name}`;
      const childText = tree[childPath];
      return {
        type,
        name,
        path: childPath,
        sha: childText === undefined ? gitBlobSha(childPath) : gitBlobSha(childText),
        size: childText === undefined ? 0 : Buffer.byteLength(childText, "utf8"),
        ...entryLinks(ctx, childPath, refName),
      };
    });
  return json(200, entries);
}

export const repoRoutes: Route[] = [
  repoRoute("GET", "/repos/:owner/:repo", (ctx) => json(200, repoShape(ctx.state, ctx.repo))),
  repoRoute("GET", "/repos/:owner/:repo/contents", contents),
  repoRoute("GET", "/repos/:owner/:repo/contents/:path+", contents),
  repoRoute("GET", "/repos/:owner/:repo/collaborators/:username/permission", (ctx) => {
    const login = ctx.params.username ?? "";
    const permission = ctx.state.permissionOf(ctx.repo, login);
    return json(200, { permission, role_name: permission, user: userShape(ctx.state, login) });
  }),
];
