#!/usr/bin/env node
// The `folio` command: registers tsx so the TypeScript CLI runs without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../sdk/cli/main.ts");
const code = await main(process.argv.slice(2));
// Exit explicitly: idle keep-alive sockets or an abandoned demo run must not hold the CLI open.
process.exit(code);
