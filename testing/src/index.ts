export { findFreePort } from './free-port.ts';
export { startPostgresServer, type PostgresServer, type PostgresServerOptions } from './postgres-server.ts';
