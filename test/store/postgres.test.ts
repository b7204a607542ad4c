import { openStore } from '../../src/store/store.js';
import { describePostgres, dropPostgresSchemas, freshPostgresLocation, postgresProblem, testSchemaOf, withPostgresClient } from '../helpers/postgres.js';
import { describeStoreContract } from './store-contract.js';

const problem = await postgresProblem();

describePostgres('Store contract: postgres', problem, () => {
  const schemas: string[] = [];
  describeStoreContract('postgres', openStore, {
    async freshLocation() {
      const { location, schema } = freshPostgresLocation('st');
      schemas.push(schema);
      return location;
    },
    async setSchemaVersion(location, version) {
      await withPostgresClient((c) => c.query(`update "${testSchemaOf(location)}".schema_version set version = $1`, [version]));
    },
    async fingerprint(location) {
      const schema = testSchemaOf(location);
      return withPostgresClient(async (c) => {
        const tables = await c.query<{ tablename: string }>('select tablename from pg_tables where schemaname = $1 order by tablename', [schema]);
        const parts: string[] = [];
        for (const { tablename } of tables.rows) {
          const rows = await c.query(`select * from "${schema}"."${tablename}"`);
          parts.push(`${tablename}:${JSON.stringify(rows.rows.map((r: unknown) => JSON.stringify(r)).sort())}`);
        }
        return parts.join('\n');
      });
    },
    cleanup: () => dropPostgresSchemas(schemas),
  });
});
