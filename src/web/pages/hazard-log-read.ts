/**
 * Reading a repository's hazard log as the signed-in person sees it (their token), at its default branch:
 * the configuration says where the log is and which risk matrix rates it.
 */
import { loadConfig, type ContentReader } from "../../config/load.js";
import { DEFAULT_HAZARD_ID_PATTERN, DEFAULT_HAZARD_LOG_PATH } from "../../config/schema.js";
import { CONFIG_PATH } from "../../config/extends-ref.js";
import { parseHazardLog } from "../../hazards/parse.js";
import type { Hazard } from "../../hazards/schema.js";
import type { Problem } from "../../core/types.js";
import type { UserGitHub } from "../types.js";

/** The log as read: the hazards that could be read, and what stood in the way of the rest. */
export interface HazardLogRead {
  path: string;
  state: "ok" | "invalid" | "absent";
  hazards: Hazard[];
  problems: Problem[];
  /** Set when the configuration could not be used and the defaults were assumed. */
  configNote?: string;
}

/**
 * Reads the log named by the repository's configuration (or the default path). A configuration that is
 * present but invalid does not hide the hazard: the default path and matrix are tried, and the page says so.
 */
export async function readHazardLog(github: UserGitHub, repo: string): Promise<HazardLogRead> {
  let path = DEFAULT_HAZARD_LOG_PATH;
  let opts: { idPattern: string; matrix?: number[][] } = { idPattern: DEFAULT_HAZARD_ID_PATTERN };
  let configNote: string | undefined;
  // The configuration as the gate reads it (org defaults and _extends included), through the person's eyes.
  const [owner = "", name = ""] = repo.split("/");
  const reader: ContentReader = {
    async getFile(o, r, file, ref) {
      // "" is "the default branch", which the person's GitHub reads when no ref is given.
      const text = await github.getFile(`${o}/${r}`, file, ref || undefined);
      return text === null ? null : { text, sha: "" };
    },
  };
  const loaded = await loadConfig(reader, { owner, repo: name, defaultBranch: "" });
  if (loaded.state === "ok") {
    path = loaded.config.hazard_log.path;
    opts = { idPattern: loaded.config.hazard_log.id_pattern, ...(loaded.config.risk_matrix ? { matrix: loaded.config.risk_matrix } : {}) };
  } else if (loaded.state === "invalid") {
    configNote = `${CONFIG_PATH} is invalid, so the hazard log was read from ${DEFAULT_HAZARD_LOG_PATH} with the default risk matrix.`;
  }
  const logText = await github.getFile(repo, path);
  const note = configNote === undefined ? {} : { configNote };
  if (logText === null) return { path, state: "absent", hazards: [], problems: [], ...note };
  const log = parseHazardLog(logText, path, opts);
  return { path, state: log.ok ? "ok" : "invalid", hazards: log.hazards, problems: log.problems, ...note };
}
