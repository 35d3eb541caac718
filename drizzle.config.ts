import { defineConfig } from "drizzle-kit";

// drizzle-kit only generates SQL here; the server applies migrations itself at start-up.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./migrations",
});
