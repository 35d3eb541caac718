// Lint: TypeScript parsing plus the import boundaries of ../shared/STYLE.md (type-only imports count).
import tsParser from "@typescript-eslint/parser";

const restrict = (patterns, message) => ["error", { patterns: [{ group: patterns, message }] }];

export default [
  { ignores: ["build/**", "node_modules/**", "data/**", ".cache/**", "clients/**", "coverage/**", ".test-results/**"] },
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { parser: tsParser, ecmaVersion: 2023, sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { "no-debugger": "error", "no-eval": "error", "no-implied-eval": "error" },
  },
  {
    // The schema is pure: no DOM, React, Yjs or anything of ours beyond itself.
    files: ["editor/schema/**/*.ts"],
    ignores: ["editor/schema/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!prosemirror-model$|\\./)", message: "editor/schema imports only prosemirror-model" }] }] },
  },
  {
    // Not editor/schema: a second no-restricted-imports entry would replace the schema's stricter one.
    files: ["editor/**/*.{ts,tsx}"],
    ignores: ["editor/schema/**/*.ts"],
    rules: { "no-restricted-imports": restrict(["**/app/**", "**/collab-server/**", "**/db/**", "**/server/**", "~/*"], "editor/ never imports app/, collab-server/, server/ or db/") },
  },
  {
    files: ["collab-server/**/*.ts"],
    rules: { "no-restricted-imports": restrict(["**/editor/views/**", "**/app/**", "~/*"], "collab-server/ never imports editor/views or app/") },
  },
  {
    // Remix code reaches the database (and the server's services) only from *.server.ts modules.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.ts", "app/**/*.server.tsx"],
    rules: { "no-restricted-imports": restrict(["**/db/**", "**/db", "**/server/**"], "app/ reaches db/ and server/ only from *.server.ts modules") },
  },
  {
    // Services and the database layer know nothing of Remix, React or the SDK.
    files: ["server/**/*.ts", "db/**/*.ts"],
    rules: { "no-restricted-imports": restrict(["**/app/**", "~/*", "**/sdk/**", "react", "react-dom"], "server/ and db/ never import app/, React or sdk/") },
  },
  {
    // The SDK ships to training code: only the admin CLI may touch the server side.
    files: ["sdk/**/*.ts"],
    ignores: ["sdk/cli/admin.ts"],
    rules: { "no-restricted-imports": restrict(["**/server/**", "**/db/**", "**/app/**"], "sdk/ talks to Folio over HTTP only (sdk/cli/admin.ts excepted)") },
  },
];
