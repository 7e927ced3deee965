import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".data/", "schema/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The architecture as a rule: the decision core and its renderings are pure (no I/O, no framework), so
    // they import nothing that talks to GitHub, a database, the network, the file system or a logger.
    files: ["src/core/**/*.ts", "src/render/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "probot", message: "core/ and render/ are pure: no Probot." },
            { name: "pg", message: "core/ and render/ are pure: no database." },
            { name: "@electric-sql/pglite", message: "core/ and render/ are pure: no database." },
            { name: "pino", message: "core/ and render/ are pure: no logger." },
            { name: "node:fs", message: "core/ and render/ are pure: no file system." },
            { name: "fs", message: "core/ and render/ are pure: no file system." },
            { name: "node:fs/promises", message: "core/ and render/ are pure: no file system." },
            { name: "fs/promises", message: "core/ and render/ are pure: no file system." },
            { name: "node:http", message: "core/ and render/ are pure: no network." },
            { name: "http", message: "core/ and render/ are pure: no network." },
          ],
          patterns: [
            { group: ["@octokit/*"], message: "core/ and render/ are pure: no Octokit." },
            {
              group: ["**/github/**", "**/store/**", "**/handlers/**", "**/web/**", "**/intake/**"],
              message: "core/ and render/ are pure: they take data and return data; I/O stays in the adapters.",
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI reads the audit trail through src/reports/, never through the web pages.
    files: ["src/cli/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/web/**", "**/web"], message: "src/cli must not depend on src/web: share code through src/reports/." }] },
      ],
    },
  },
  {
    // Test fakes implement the app's async ports (stores, readers, fetch) with bodies that need no await:
    // \`async\` keeps them faithful to the real implementations (a throw becomes a rejection, as there).
    // Kept on for src/, scripts/ and bench/.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  // The config itself and the plain .js/.mjs files (bench/unthrottle) are not in a tsconfig: linted without type information.
  { files: ["**/*.{js,mjs,cjs}"], ...tseslint.configs.disableTypeChecked },
);
