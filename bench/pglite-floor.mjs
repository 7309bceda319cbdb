// The memory floor of embedded PGlite: node, PGlite opened on an existing data directory with the bot's
// start parameters, one query, nothing else. Serves GET /healthz so the bench starts it like the others.
// argv: data directory, start parameters (JSON).
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create({ dataDir: process.argv[2], startParams: JSON.parse(process.argv[3]) });
await db.query('select 1');
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => db.close().then(() => process.exit(0)));
