import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { runPrepared } from './prepared';

/** The settings a process keeps a copy of; each has a row in settings_versions raised by a trigger. */
export type SettingName = 'units' | 'sla-policy' | 'calendar';

/** The versions the database held at one moment, as read beside the session user on every request. */
export type SettingsStamp = Readonly<Partial<Record<SettingName, number>>>;

const VERSIONS_SQL = `SELECT name, version::int AS version FROM settings_versions`;

/** `(SELECT …) AS "settings"`: the stamp as one column, for a query a request runs anyway. */
export const SETTINGS_STAMP_COLUMN = `(SELECT jsonb_object_agg(name, version) FROM settings_versions) AS "settings"`;

/**
 * A setting's copy in this process, tagged with the version it was loaded at. The version is read
 * before the data, so a copy is never tagged newer than what it holds.
 */
export class VersionedCache<T> {
  private value?: { data: T; version: number };
  private loading?: Promise<{ data: T; version: number }>;

  constructor(
    readonly name: SettingName,
    private readonly readVersion: () => Promise<number>,
    private readonly load: () => Promise<T>,
  ) {}

  get loaded(): boolean {
    return this.value !== undefined;
  }

  async get(): Promise<T> {
    return this.value ? this.value.data : (await this.reload()).data;
  }

  /** The copy with the version it was loaded at, read together. */
  async current(): Promise<{ data: T; version: number }> {
    return this.value ?? (await this.reload());
  }

  /** Reloads unless the copy is at `version` or newer; a load already under way may predate the change. */
  async atLeast(version: number): Promise<void> {
    for (let tries = 0; (this.value?.version ?? -1) < version && tries < 3; tries++) await this.reload();
  }

  /** Loads now: after a local change, so a load that began before it is waited for, then one more runs. */
  async refresh(): Promise<T> {
    if (this.loading) await this.loading.catch(() => undefined);
    return (await this.reload()).data;
  }

  private reload(): Promise<{ data: T; version: number }> {
    this.loading ??= (async () => {
      const version = await this.readVersion();
      const data = await this.load();
      if (!this.value || this.value.version <= version) this.value = { data, version };
      return this.value;
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }
}

/**
 * Every cached setting of this process. A request observes the stamp read with its session user
 * and waits for the copies it shows to be stale to reload; background work syncs before each run.
 * No notification is involved, so none can be missed.
 */
@Injectable()
export class SettingsVersions {
  private readonly caches = new Map<SettingName, VersionedCache<unknown>>();

  constructor(private readonly dataSource: DataSource) {}

  cache<T>(name: SettingName, load: () => Promise<T>): VersionedCache<T> {
    const cache = new VersionedCache<T>(name, () => this.versionOf(name), load);
    this.caches.set(name, cache as VersionedCache<unknown>);
    return cache;
  }

  async observe(stamp: SettingsStamp | null | undefined): Promise<void> {
    if (!stamp) return;
    await Promise.all([...this.caches.values()].map((cache) => cache.atLeast(stamp[cache.name] ?? 0)));
  }

  /** Reads the versions and reloads what is stale: for work that no request starts (sweeps, jobs). */
  async sync(): Promise<void> {
    const rows = await runPrepared<{ name: SettingName; version: number }>(this.dataSource, [VERSIONS_SQL, []]);
    await this.observe(Object.fromEntries(rows.map((r) => [r.name, r.version])));
  }

  /** Every copy has loaded once: until then the process cannot answer every route. */
  get ready(): boolean {
    return [...this.caches.values()].every((cache) => cache.loaded);
  }

  /** Loads what has never loaded (health checks call this, so a process recovers from a failed start-up load). */
  async loadMissing(): Promise<void> {
    await Promise.all([...this.caches.values()].filter((cache) => !cache.loaded).map((cache) => cache.refresh()));
  }

  /** The version as this transaction sees it (its own change included). */
  async versionIn(runner: QueryRunner, name: SettingName): Promise<number> {
    const [row] = await runPrepared<{ version: number }>(runner, [`SELECT version::int AS version FROM settings_versions WHERE name = $1`, [name]]);
    return row?.version ?? 0;
  }

  private async versionOf(name: SettingName): Promise<number> {
    const [row] = await runPrepared<{ version: number }>(this.dataSource, [`SELECT version::int AS version FROM settings_versions WHERE name = $1`, [name]]);
    return row?.version ?? 0;
  }
}
