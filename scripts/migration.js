// TypeORM's migration CLI on the same data source as the app: against DATABASE_URL, or against the
// embedded PostgreSQL in DATA_DIR (started for the command, then stopped).
// Usage: node scripts/migration.js migration:run | migration:revert | migration:show
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const dist = path.resolve(__dirname, '../dist');
const { loadDatabaseConfig } = require(path.join(dist, 'libs/config/src'));
const { EmbeddedDatabase } = require(path.join(dist, 'libs/database/src'));

async function main() {
  const database = loadDatabaseConfig();
  let embedded;
  let url = database.url;
  if (!url) {
    embedded = new EmbeddedDatabase({ dataDir: database.dataDir, preferredPort: database.embeddedPort });
    url = await embedded.start();
  }
  const args = process.argv.slice(2);
  const result = spawnSync(
    process.execPath,
    [require.resolve('typeorm/cli.js'), '-d', path.join(dist, 'migrations/cli.data-source.js'), ...args],
    { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } },
  );
  await embedded?.stop();
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
