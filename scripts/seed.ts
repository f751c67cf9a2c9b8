/**
 * `npm run seed -- --messages 100000 --days 90`: fills the app's database with a made-up chat
 * history. The command is the api package's (`@app/api/seed`, see api/src/seed/seed.ts).
 */
import { runSeedCommand } from '@app/api/seed';

process.exitCode = await runSeedCommand(process.argv.slice(2));
