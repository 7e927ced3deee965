/**
 * jest's globalSetup: builds dist/ once, before any test file runs. The process tests run what was built
 * (`node dist/main.js`, `npm start`, `npm run setup`, the command line), so they must run the tree being
 * tested; when each test file built it for itself, two files in parallel workers rebuilt dist/ while another
 * was starting it, and that one read a half-written module ("does not provide an export named …").
 */
import { execFileSync } from "node:child_process";

export default function buildDist() {
  try {
    execFileSync("npm", ["run", "build", "--silent"], { stdio: "pipe" });
  } catch (error) {
    const out = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    throw new Error(`npm run build failed, so the process tests cannot run what is being tested:\n${out.slice(-4000)}`);
  }
}
