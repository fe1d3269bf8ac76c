/**
 * Functions ktx refuses to call, whatever the engine. A read-only transaction stops writes to
 * tables, but not these: they kill sessions, change settings, take locks, touch the server's
 * file system, run SQL passed as a string (escaping this gate), or reach other servers.
 *
 * The list is the union over engines on purpose: a name that is harmless on one engine may be a
 * user-defined function with side effects on another, and refusing an unknown name costs nothing.
 * Names are compared lower-cased, without schema qualification (`pg_catalog.set_config`).
 */

const EXACT: Record<string, string> = {
  // PostgreSQL: sessions, settings, server state
  pg_terminate_backend: 'it terminates other database sessions',
  pg_cancel_backend: 'it cancels other sessions’ queries',
  pg_signal_backend: 'it signals server processes',
  pg_reload_conf: 'it reloads the server configuration',
  pg_rotate_logfile: 'it rotates server log files',
  pg_promote: 'it promotes a standby server',
  pg_switch_wal: 'it forces a WAL switch',
  pg_create_restore_point: 'it writes to the WAL',
  pg_start_backup: 'it changes backup state',
  pg_stop_backup: 'it changes backup state',
  pg_backup_start: 'it changes backup state',
  pg_backup_stop: 'it changes backup state',
  pg_wal_replay_pause: 'it pauses replication',
  pg_wal_replay_resume: 'it resumes replication',
  pg_log_backend_memory_contexts: 'it writes to server logs',
  pg_import_system_collations: 'it creates collations',
  set_config: 'it changes session settings (it could turn read-only mode off)',
  nextval: 'it advances a sequence',
  setval: 'it changes a sequence',
  pg_notify: 'it sends notifications to other sessions',
  pg_read_file: 'it reads files on the database server',
  pg_read_binary_file: 'it reads files on the database server',
  pg_stat_file: 'it inspects files on the database server',
  pg_file_write: 'it writes files on the database server',
  pg_file_rename: 'it renames files on the database server',
  pg_file_unlink: 'it deletes files on the database server',
  pg_file_sync: 'it touches files on the database server',
  pg_logdir_ls: 'it lists server directories',
  pg_logical_emit_message: 'it writes to the WAL',
  pg_sleep_for: 'it stalls the session',
  pg_sleep_until: 'it stalls the session',
  query_to_xml: 'it runs SQL passed as a string',
  query_to_xmlschema: 'it runs SQL passed as a string',
  query_to_xml_and_xmlschema: 'it runs SQL passed as a string',
  cursor_to_xml: 'it reads from cursors',
  cursor_to_xmlschema: 'it reads from cursors',
  loread: 'it reads large objects',
  lowrite: 'it writes large objects',
  // MySQL / MariaDB
  get_lock: 'it takes a named lock other sessions wait on',
  release_lock: 'it releases named locks',
  release_all_locks: 'it releases named locks',
  benchmark: 'it burns server CPU on purpose',
  load_file: 'it reads files on the database server',
  master_pos_wait: 'it blocks on replication',
  source_pos_wait: 'it blocks on replication',
  wait_for_executed_gtid_set: 'it blocks on replication',
  wait_until_sql_thread_after_gtids: 'it blocks on replication',
  service_get_read_locks: 'it takes locks',
  service_get_write_locks: 'it takes locks',
  service_release_locks: 'it releases locks',
  sys_exec: 'it runs operating-system commands',
  sys_eval: 'it runs operating-system commands',
  // SQLite
  load_extension: 'it loads native code into the database engine',
  readfile: 'it reads files from disk',
  writefile: 'it writes files to disk',
  edit: 'it starts an editor',
  fts3_tokenizer: 'it can register native tokenizers',
  sqlite_dbpage: 'it gives raw, writable access to database pages',
  sqlite_dbdata: 'it reads raw database pages',
  sqlite_dbptr: 'it reads raw database pages',
  fsdir: 'it lists files on disk',
  zipfile: 'it reads files from disk',
  // DuckDB: files, other databases, SQL-in-a-string, environment
  read_csv: 'it reads files from disk',
  read_csv_auto: 'it reads files from disk',
  read_parquet: 'it reads files from disk',
  parquet_scan: 'it reads files from disk',
  parquet_metadata: 'it reads files from disk',
  parquet_schema: 'it reads files from disk',
  parquet_file_metadata: 'it reads files from disk',
  parquet_kv_metadata: 'it reads files from disk',
  read_json: 'it reads files from disk',
  read_json_auto: 'it reads files from disk',
  read_json_objects: 'it reads files from disk',
  read_json_objects_auto: 'it reads files from disk',
  read_ndjson: 'it reads files from disk',
  read_ndjson_auto: 'it reads files from disk',
  read_ndjson_objects: 'it reads files from disk',
  read_text: 'it reads files from disk',
  read_blob: 'it reads files from disk',
  read_xlsx: 'it reads files from disk',
  read_avro: 'it reads files from disk',
  sniff_csv: 'it reads files from disk',
  glob: 'it lists files on disk',
  st_read: 'it reads files from disk',
  iceberg_scan: 'it reads files from disk',
  delta_scan: 'it reads files from disk',
  sqlite_scan: 'it reads another database',
  sqlite_attach: 'it attaches another database',
  postgres_scan: 'it reads another database',
  postgres_attach: 'it attaches another database',
  postgres_query: 'it runs SQL on another database',
  postgres_execute: 'it runs SQL on another database',
  mysql_query: 'it runs SQL on another database',
  mysql_execute: 'it runs SQL on another database',
  query: 'it runs SQL passed as a string',
  query_table: 'it reads tables named by a string',
  getenv: 'it reads environment variables (which may hold secrets)',
  duckdb_secrets: 'it lists stored credentials',
  which_secret: 'it inspects stored credentials',
  install_extension: 'it installs extensions',
};

const PREFIXES: Array<[prefix: string, reason: string]> = [
  ['dblink', 'it runs SQL on another server'],
  ['lo_', 'it reads or writes large objects and server files'],
  ['pg_advisory', 'it takes advisory locks'],
  ['pg_try_advisory', 'it takes advisory locks'],
  ['pg_stat_reset', 'it resets server statistics'],
  ['pg_replication_origin', 'it changes replication state'],
  ['pg_create_', 'it creates server-side objects'],
  ['pg_drop_replication', 'it drops replication slots'],
  ['pg_copy_', 'it copies replication slots'],
  ['pg_logical_slot', 'it consumes replication changes'],
  ['pg_replication_slot', 'it changes replication slots'],
  ['pg_ls_', 'it lists server directories'],
];

/** Functions that only wait: allowed when they cannot outlast the statement timeout. */
export const SLEEP_FUNCTIONS: Record<string, number> = { pg_sleep: 1000, sleep: 1000 };

/** Why `name` is refused, or undefined when it is allowed. */
export function deniedFunction(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = EXACT[lower];
  if (exact) return exact;
  for (const [prefix, reason] of PREFIXES) if (lower.startsWith(prefix)) return reason;
  return undefined;
}

/** Every exact name on the list (for documentation and tests). */
export function deniedFunctionNames(): string[] {
  return Object.keys(EXACT).sort();
}
