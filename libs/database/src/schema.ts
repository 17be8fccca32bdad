import type { MixedList } from 'typeorm';
import { runMigrations } from './migrate';
import { auditTrailExposure, grantAppRole, pendingMigrations, roleOf } from './privileges';

/** The schema is behind and this process may not migrate it. */
export class SchemaNotReadyError extends Error {
  override readonly name = 'SchemaNotReadyError';
}

export interface SchemaReport {
  migrationsApplied: string[];
  /** Start-up warnings, one line each (migrations skipped, trail not protected). */
  warnings: string[];
}

/**
 * Brings the schema up to date as the owner and grants the app role what it may do; without an
 * owner URL it only checks that nothing is pending. Then asks PostgreSQL whether the app role
 * could rewrite the audit trail, so an unsafe deployment says so at every start.
 */
export async function prepareSchema(settings: { appUrl: string; ownerUrl?: string; migrations: Function[] }): Promise<SchemaReport> {
  const warnings: string[] = [];
  let migrationsApplied: string[] = [];
  if (settings.ownerUrl) {
    migrationsApplied = await runMigrations(settings.ownerUrl, settings.migrations as MixedList<Function>);
    const [app, owner] = await Promise.all([roleOf(settings.appUrl), roleOf(settings.ownerUrl)]);
    if (app !== owner) await grantAppRole(settings.ownerUrl, app);
  } else {
    const pending = await pendingMigrations(
      settings.appUrl,
      settings.migrations.map((m) => m.name),
    );
    if (pending.length) {
      throw new SchemaNotReadyError(
        `The database needs ${pending.length} migration(s) (${pending[0]}${pending.length > 1 ? ', …' : ''}) and DATABASE_OWNER_URL is not set: ` +
          `set it to the tables' owner so Rectify can migrate, or run 'npm run migration:run' with it.`,
      );
    }
    warnings.push('DATABASE_OWNER_URL is not set: migrations were skipped (the schema is up to date).');
  }
  const exposure = await auditTrailExposure(settings.appUrl);
  if (exposure.length) {
    warnings.push(
      `The audit trail is not protected by the database: ${exposure.join('; ')}. Connect DATABASE_URL as a role that owns nothing ` +
        `and DATABASE_OWNER_URL as the owner (README, "Database roles").`,
    );
  }
  return { migrationsApplied, warnings };
}
