export {
  type CompareSnapshotsOptions,
  compareSnapshots,
  type SnapshotComparison,
} from './compare-snapshots.js';
export { introspectSchema } from './introspect-schema.js';
export type {
  ColumnSnapshot,
  ColumnType,
  ForeignKeySnapshot,
  IndexSnapshot,
  ReferentialAction,
  SchemaSnapshot,
  TableSnapshot,
} from './schema-snapshot.js';
export { type SchemaVerification, type VerifySchemaOptions, verifySchema } from './verify-schema.js';
