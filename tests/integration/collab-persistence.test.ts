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

persistenceContract(`postgres (${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, async () => {
  const target = await createTestDatabase();
  const database = await openDatabase(target.databaseUrl ? { kind: "postgres", url: target.databaseUrl } : { kind: "pglite", dataDir: null });
  await database.migrate();
  const user = await signUp(database.db, { email: "c@example.com", password: "correct horse battery" });
  const [team] = await listTeams(database.db, user.id);
  const [project] = await database.db.insert(projects).values({ teamId: team.id, name: "p" }).returning();
  return {
    persistence: createPostgresPersistence(database.db),
    newReport: async () => {
      const id = randomId(10);
      await database.db.insert(reports).values({ id, projectId: project.id, title: "t", createdBy: user.id });
      return id;
    },
    close: async () => {
      await database.close();
      await target.drop();
    },
  };
});
