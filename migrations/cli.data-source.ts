import { loadDatabaseConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { migrations } from './index';

/** The data source the TypeORM CLI loads (see scripts/migration.js); same definition as the app's. */
const { url } = loadDatabaseConfig();
if (!url) throw new Error('DATABASE_URL is not set (scripts/migration.js starts the embedded database and sets it)');
export default createDataSource({ url, poolSize: 2, applicationName: 'rectify-migration-cli', migrations });
