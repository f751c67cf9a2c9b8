/**
 * Runs a command (the store tests) against a real PostgreSQL server: starts a throwaway cluster,
 * runs the command with `TEST_DATABASE=postgres` and `TEST_POSTGRES_URL` (each test database is
 * made on it), stops and removes the cluster, and exits with the command's status.
 *
 *   node test/run-on-postgres.ts node --test "test/{chat,analytics,storage,seed}*.test.ts"
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startPostgresServer } from '@app/testing';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  console.error('Usage: node test/run-on-postgres.ts <command> [args…]');
  process.exit(2);
}

const server = await startPostgresServer();
let status = 1;
try {
  const child = spawn(command, args, {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE: 'postgres', TEST_POSTGRES_URL: server.url },
  });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  status = code ?? (signal === null ? 1 : 128);
} finally {
  await server.remove();
}
process.exit(status);
