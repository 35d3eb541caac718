/**
 * Folio's relational schema (drizzle). One schema serves both back ends: embedded PGlite and
 * PostgreSQL. Metric points are the hot table: they reference runs and keys by integer so a point
 * row stays narrow (see docs/decisions/002-metric-points-layout.md).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/** Instance-wide key/value settings (e.g. the generated cookie-signing secret). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** People. The first user to sign up becomes instance admin. */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isAdmin: boolean("is_admin").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

/** Browser sessions; the cookie carries the signed id. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Teams own projects. Every user has a personal team made at sign-up. */
export const teams = pgTable(
  "teams",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    personal: boolean("personal").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_slug_key").on(t.slug)],
);

/** Team membership with a role: `admin` manages members and invites, `member` reads and writes. */
export const memberships = pgTable(
  "memberships",
  {
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/** Invite links: the token is shown once, only its hash is stored. */
export const teamInvites = pgTable(
  "team_invites",
  {
    id: text("id").primaryKey(),
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
    createdBy: text("created_by").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("team_invites_token_key").on(t.tokenHash)],
);

/** Projects belong to a team; names are unique within it. */
export const projects = pgTable(
  "projects",
  {
    id: serial("id").primaryKey(),
    teamId: text("team_id").notNull().references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("projects_team_name_key").on(t.teamId, t.name)],
);

export const RUN_STATES = ["running", "finished", "failed", "crashed"] as const;
export type RunState = (typeof RUN_STATES)[number];

/**
 * A training run. `id` is the public, URL-safe id (client-supplied or generated, unique across the
 * instance); `seq` is the narrow internal key that metric points reference.
 */
export const runs = pgTable(
  "runs",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    id: text("id").notNull(),
    projectId: integer("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    displayName: text("display_name"),
    state: text("state", { enum: RUN_STATES }).notNull().default("running"),
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    group: text("group_name"),
    jobType: text("job_type"),
    notes: text("notes"),
    host: text("host"),
    command: text("command"),
    git: jsonb("git").$type<{ remote?: string; commit?: string; dirtyPatch?: string }>(),
    runtime: jsonb("runtime").$type<Record<string, string>>(),
    createdAt: createdAt(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    exitCode: integer("exit_code"),
    lastStep: bigint("last_step", { mode: "number" }),
  },
  (t) => [
    uniqueIndex("runs_id_key").on(t.id),
    index("runs_project_created_idx").on(t.projectId, t.createdAt),
    index("runs_running_heartbeat_idx").on(t.heartbeatAt).where(sql`state = 'running'`),
  ],
);

/** Metric names, interned per project so points carry a 4-byte key id. */
export const metricKeys = pgTable(
  "metric_keys",
  {
    id: serial("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("metric_keys_project_name_key").on(t.projectId, t.name)],
);

/**
 * One logged value. The primary key (run_seq, key_id, step) both enforces "last write wins" for
 * client retries and serves the hot read: one key across many runs ordered by step.
 */
export const metricPoints = pgTable(
  "metric_points",
  {
    // No foreign keys here: a per-row FK trigger costs ~25% of ingest throughput; the run service
    // deletes a run's points itself.
    runSeq: bigint("run_seq", { mode: "number" }).notNull(),
    keyId: integer("key_id").notNull(),
    step: bigint("step", { mode: "number" }).notNull(),
    value: doublePrecision("value").notNull(),
    wallTime: doublePrecision("wall_time").notNull(),
  },
  (t) => [primaryKey({ name: "metric_points_pkey", columns: [t.runSeq, t.keyId, t.step] })],
);

/**
 * Per run and key: the latest step and value, so run lists and charts know a run's keys cheaply;
 * and how current the key's rollups are (docs/decisions/015-panel-data-at-report-scale.md).
 */
export const runMetrics = pgTable(
  "run_metrics",
  {
    runSeq: bigint("run_seq", { mode: "number" }).notNull().references(() => runs.seq, { onDelete: "cascade" }),
    keyId: integer("key_id").notNull().references(() => metricKeys.id, { onDelete: "cascade" }),
    lastStep: bigint("last_step", { mode: "number" }).notNull(),
    lastValue: doublePrecision("last_value").notNull(),
    // The lowest step written since the rollups were last brought up to date; null when they are
    // current. A writer that does not set it leaves 0: the whole key is rebuilt (safe by default).
    rollupDirtyFrom: bigint("rollup_dirty_from", { mode: "number" }).default(0),
    // Bumped by every write of the key's points: a rebuild clears rollup_dirty_from only if no
    // write came in since it read the generation.
    rollupGen: bigint("rollup_gen", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.runSeq, t.keyId] }),
    // What the background rollup maintainer looks for.
    index("run_metrics_rollup_dirty_idx").on(t.runSeq, t.keyId).where(sql`rollup_dirty_from is not null`),
  ],
);

/** API keys act as their user. Only a hash is stored; the prefix lets people recognise a key. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

/** The columns of a rollup level: per (run, key, bucket) what M4 and grouped means need. */
const rollupColumns = () => ({
  runSeq: bigint("run_seq", { mode: "number" }).notNull().references(() => runs.seq, { onDelete: "cascade" }),
  keyId: integer("key_id").notNull(),
  bucket: bigint("bucket", { mode: "number" }).notNull(),
  n: integer("n").notNull(),
  finiteN: integer("finite_n").notNull(),
  finiteSum: doublePrecision("finite_sum").notNull(),
  firstStep: bigint("first_step", { mode: "number" }).notNull(),
  firstValue: doublePrecision("first_value").notNull(),
  lastStep: bigint("last_step", { mode: "number" }).notNull(),
  lastValue: doublePrecision("last_value").notNull(),
  // Null when every value in the bucket is NaN.
  minStep: bigint("min_step", { mode: "number" }),
  minValue: doublePrecision("min_value"),
  maxStep: bigint("max_step", { mode: "number" }),
  maxValue: doublePrecision("max_value"),
});

/**
 * Level-of-detail rollups of metric_points for the metrics query engine (docs/decisions/006 and
 * 015): per run, key and 64-step bucket (`bucket` = floor(step / 64)) the point count, the finite
 * count and sum, and the first, last, min and max points. Kept current from
 * `run_metrics.rollup_dirty_from` on (server/metrics/ensureRollups.ts).
 */
export const metricRollups = pgTable("metric_rollups", rollupColumns(), (t) => [
  primaryKey({ name: "metric_rollups_pkey", columns: [t.runSeq, t.keyId, t.bucket] }),
]);

/** The same per 8-step bucket (`bucket` = floor(step / 8)), for shorter ranges. */
export const metricFineRollups = pgTable("metric_fine_rollups", rollupColumns(), (t) => [
  primaryKey({ name: "metric_fine_rollups_pkey", columns: [t.runSeq, t.keyId, t.bucket] }),
]);

/** Per-report roles, strongest first. */
export const REPORT_ROLES = ["owner", "editor", "commenter", "viewer"] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];
/** What a report grants members of its project's team by default. */
export const TEAM_ROLES = ["edit", "comment", "view", "none"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** PostgreSQL `bytea` as a Uint8Array (postgres.js returns a Buffer, PGlite a Uint8Array: both are). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

/**
 * A collaborative report (issue 4). `id` is the public, URL-safe id (`/reports/{id}`); the content
 * lives in report_updates + report_snapshots. `deleted_at` marks a soft delete (restorable for 30 days).
 */
export const reports = pgTable(
  "reports",
  {
    id: text("id").primaryKey(),
    projectId: integer("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastEditedBy: text("last_edited_by").references(() => users.id, { onDelete: "set null" }),
    /** Ids of everyone who has edited the report, in first-edit order. */
    authors: text("authors").array().notNull().default(sql`'{}'::text[]`),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    /**
     * What members of the project's team may do without an explicit grant (issue 6): `edit`,
     * `comment`, `view`, or `none` (only people granted access in report_members).
     */
    teamRole: text("team_role", { enum: TEAM_ROLES }).notNull().default("edit"),
  },
  (t) => [index("reports_project_updated_idx").on(t.projectId, t.updatedAt)],
);

/**
 * Explicit per-report roles (issue 6). Exactly one `owner` per report (a partial unique index);
 * an explicit grant replaces the team default for that person (docs/decisions/012).
 */
export const reportMembers = pgTable(
  "report_members",
  {
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: REPORT_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.userId] }),
    index("report_members_user_idx").on(t.userId),
    uniqueIndex("report_members_one_owner_key").on(t.reportId).where(sql`role = 'owner'`),
  ],
);

/** View-only share links: the token is shown once, only its SHA-256 hash is stored. */
export const reportShareLinks = pgTable(
  "report_share_links",
  {
    id: text("id").primaryKey(),
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /** Hides authors and commenters from people using the link. */
    anonymous: boolean("anonymous").notNull().default(false),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("report_share_links_token_key").on(t.tokenHash), index("report_share_links_report_idx").on(t.reportId)],
);

/**
 * A comment thread: anchored to a text range by base64 Y.RelativePosition start / end (plus the
 * quoted text when it was made), or report-level when the anchor is null.
 */
export const commentThreads = pgTable(
  "comment_threads",
  {
    id: text("id").primaryKey(),
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    anchorStart: text("anchor_start"),
    anchorEnd: text("anchor_end"),
    quote: text("quote"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("comment_threads_report_idx").on(t.reportId, t.createdAt)],
);

/** One comment in a thread. Deleting keeps the row (a tombstone) so replies keep their place. */
export const comments = pgTable(
  "comments",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id").notNull().references(() => commentThreads.id, { onDelete: "cascade" }),
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true, mode: "date" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt)],
);

/**
 * In-app notifications. `mention`: a comment mentions the user, one per (user, comment), so editing a
 * comment never repeats it. `body_mention`: a `mention` node in the report body, one per (user,
 * report, mention id): re-saving or moving the mention never repeats it (thread and comment null).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["mention", "body_mention"] }).notNull(),
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    threadId: text("thread_id").references(() => commentThreads.id, { onDelete: "cascade" }),
    commentId: text("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    /** A body mention's `mid` ("" for mentions without one, e.g. imported from Markdown). */
    mentionId: text("mention_id"),
    /** A body mention's surrounding text, as it read when the notification was made. */
    excerpt: text("excerpt"),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("notifications_user_comment_key").on(t.userId, t.commentId),
    uniqueIndex("notifications_user_mention_key").on(t.userId, t.reportId, t.mentionId),
    index("notifications_user_created_idx").on(t.userId, t.createdAt),
  ],
);

/**
 * The append-only Yjs update log of a report: every update is committed here before the server
 * confirms it ("saved"). Compaction folds rows into report_snapshots and deletes exactly those rows.
 */
export const reportUpdates = pgTable(
  "report_updates",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: text("report_id").notNull().references(() => reports.id, { onDelete: "cascade" }),
    update: bytea("update").notNull(),
    /** Who made the update (attribution); null for server-made edits and deleted users. */
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("report_updates_report_seq_idx").on(t.reportId, t.seq)],
);

/**
 * The compacted Yjs state of a report (all merged rows up to `upto_seq`), with a canonical
 * ProseMirror JSON and Folio Markdown copy for export and search.
 */
export const reportSnapshots = pgTable("report_snapshots", {
  reportId: text("report_id").primaryKey().references(() => reports.id, { onDelete: "cascade" }),
  state: bytea("state").notNull(),
  uptoSeq: bigint("upto_seq", { mode: "number" }).notNull(),
  prosemirror: jsonb("prosemirror").$type<Record<string, unknown>>(),
  markdown: text("markdown"),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
