/**
 * `npm run compose:import -- <compose file> ...`: this repository's alias of `docker-network-cdktf compose import`
 * (cli/compose-import.ts: the same options, output and exit statuses).
 */
import { main } from '../cli/compose-import';

export { CLI_VOCABULARY, EXIT, main, USAGE } from '../cli/compose-import';

if (require.main === module) process.exit(main(process.argv.slice(2)));
