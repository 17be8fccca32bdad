// Runs one embedded PostgreSQL in its own process, so a test can stop and restart "the database".
// Usage: node embedded-server.js <dataDir> <port>; prints "ready <url>"; SIGTERM stops it.
const path = require('node:path');
const { EmbeddedDatabase } = require(path.resolve(__dirname, '../../dist/libs/database/src'));

const [dataDir, port] = process.argv.slice(2);
const db = new EmbeddedDatabase({ dataDir, preferredPort: Number(port) });
db.start().then(
  (url) => console.log(`ready ${url}`),
  (error) => {
    console.error(error.message);
    process.exit(1);
  },
);
const stop = () => db.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
