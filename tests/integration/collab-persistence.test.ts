import { CompactionPool } from "../../collab-server/CompactionPool";
import { persistenceContract } from "../../collab-server/persistence/persistenceContract";
import { createMemoryPersistence } from "../../collab-server/persistence/memory";
import { createPostgresPersistence } from "../../collab-server/persistence/postgres";
import { openDatabase } from "../../db/client";
import { projects, reports } from "../../db/schema";
import { signUp } from "../../server/services/accounts";
import { randomId } from "../../server/services/ids";
import { listTeams } from "../../server/services/teams";
import { createTestDatabase } from "../helpers/database";

persistenceContract("memory", async () => ({
  persistence: createMemoryPersistence(),
  newReport: async () => randomId(10),
  close: async () => {},
}));

/** The contract must hold whichever thread compacts: run it inline and with a worker pool. */
const compacting = [
  { label: "", pool: () => null },
  { label: ", compacting in a worker thread", pool: () => new CompactionPool({ size: 1 }) },
];

/** Closes a pool, checking that every compaction (if the test made any) ran in its worker. */
async function closePool(pool: CompactionPool | null) {
  if (!pool) return;
  await pool.close();
  const stats = pool.stats();
  if (stats.inline > 0 || stats.crashes > 0) throw new Error(`compactions did not all run in the worker: ${JSON.stringify(stats)}`);
}

persistenceContract("memory, compacting in a worker thread", async () => {
  const pool = new CompactionPool({ size: 1 });
  return { persistence: createMemoryPersistence({ compactor: pool }), newReport: async () => randomId(10), close: () => closePool(pool) };
});

for (const { label, pool: makePool } of compacting) persistenceContract(`postgres (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}${label})`, async () => {
  const pool = makePool();
  const target = await createTestDatabase();
  const database = await openDatabase(target.databaseUrl ? { kind: "postgres", url: target.databaseUrl } : { kind: "pglite", dataDir: null });
  await database.migrate();
  const user = await signUp(database.db, { email: "c@example.com", password: "correct horse battery" });
  const [team] = await listTeams(database.db, user.id);
  const [project] = await database.db.insert(projects).values({ teamId: team.id, name: "p" }).returning();
  return {
    persistence: createPostgresPersistence(database.db, pool ? { compactor: pool } : {}),
    newReport: async () => {
      const id = randomId(10);
      await database.db.insert(reports).values({ id, projectId: project.id, title: "t", createdBy: user.id });
      return id;
    },
    close: async () => {
      await closePool(pool);
      await database.close();
      await target.drop();
    },
  };
});
