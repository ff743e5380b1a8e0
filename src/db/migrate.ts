/**
 * Forward-only schema migrations, tracked in `PRAGMA user_version`.
 *
 * Each migration is pure DDL in `migrations/NNNN-purpose.ts`. The runner:
 * 1. checks the list strictly increases;
 * 2. refuses a DB whose version is newer than the newest migration this engram knows
 *    (written by a newer engram: opening it could corrupt it);
 * 3. takes the write lock (`BEGIN IMMEDIATE`), re-reads the version inside it (another process
 *    may have migrated meanwhile), runs what is pending and sets `user_version`, all in one
 *    transaction.
 * Versions go in steps of 10 so a hotfix can slot in between.
 */
import type Database from "better-sqlite3";
import { EngramError } from "../errors.js";

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  where: { file: string; label: string },
): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`migrations for ${where.label} are out of order at ${migrations[i]!.name}`);
    }
  }
  const latest = latestVersion(migrations);
  const checkNotNewer = (current: number) => {
    if (current > latest) {
      throw new EngramError(
        "db_too_new",
        `the ${where.label} DB at ${where.file} has schema version ${current}, but this engram only knows up to ${latest}: it was written by a newer engram`,
        { hint: "upgrade engram, or point ENGRAM_HOME at another folder" },
      );
    }
  };
  const before = db.pragma("user_version", { simple: true }) as number;
  checkNotNewer(before);
  if (before === latest) return;

  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    checkNotNewer(current);
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
    }
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
