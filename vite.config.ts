/**
 * Vite config for the Remix app (`npm run build`, and the dev server that `server/app.ts` mounts in
 * middleware mode). The Express server in `server/` is not bundled from here: it imports
 * `build/server/index.js` in production and hands services in through `getLoadContext`.
 */
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  // Single fetch: loaders return plain objects (Dates, Maps survive) and `data()` sets the status.
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        // v3_routeConfig needs @remix-run/route-config + fs-routes, not installed: flat file routes instead.
      },
    }),
    tsconfigPaths({ projects: ["./tsconfig.json"] }),
  ],
});
