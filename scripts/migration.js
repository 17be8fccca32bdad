// TypeORM's migration CLI on the same data source as the app, as the tables' owner:
// DATABASE_OWNER_URL (or DATABASE_URL when no owner is named), or the embedded PostgreSQL in
// DATA_DIR (started for the command, then stopped). After migration:run the app role
// (DATABASE_URL's, or the embedded one) is granted its rights again.
// Usage: node scripts/migration.js migration:run | migration:revert | migration:show
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const dist = path.resolve(__dirname, '../dist');
const { loadDatabaseConfig } = require(path.join(dist, 'libs/config/src'));
const { EmbeddedDatabase, provisionEmbeddedRoles, grantAppRole, roleOf } = require(path.join(dist, 'libs/database/src'));

async function main() {
  const database = loadDatabaseConfig();
  let embedded;
  let ownerUrl = database.ownerUrl ?? database.url;
  let appUrl = database.url;
  if (!ownerUrl) {
    embedded = new EmbeddedDatabase({ dataDir: database.dataDir, preferredPort: database.embeddedPort });
    const roles = await provisionEmbeddedRoles(await embedded.start(), database.dataDir);
    ownerUrl = roles.ownerUrl;
    appUrl = roles.appUrl;
  }
  const args = process.argv.slice(2);
  const result = spawnSync(
    process.execPath,
    [require.resolve('typeorm/cli.js'), '-d', path.join(dist, 'migrations/cli.data-source.js'), ...args],
    { stdio: 'inherit', env: { ...process.env, DATABASE_URL: ownerUrl } },
  );
  try {
    if (result.status === 0 && args[0] === 'migration:run' && appUrl) {
      const [app, owner] = await Promise.all([roleOf(appUrl), roleOf(ownerUrl)]);
      if (app !== owner) await grantAppRole(ownerUrl, app);
    }
  } finally {
    await embedded?.stop();
  }
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
