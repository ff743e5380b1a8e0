/**
 * Prepared statements cached per connection: verbs called once per row (10,000 files in one index run)
 * must not re-prepare their SQL each time. Keyed by the SQL text; dropped with the connection.
 */
import type { Statement } from "better-sqlite3";
import type { Db } from "./open.js";

const caches = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
