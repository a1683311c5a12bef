import 'reflect-metadata';
import { ConfigError, DomainError, loadConfig, loadOrCreateServerSecret } from '@kanava/common';
import { ready } from '@kanava/crypto';
import { createDataSource, migrate, startEmbeddedPostgres } from '@kanava/database';
import { AuditChainer, AuditRecorder, AuditVerifier } from '@kanava/audit';
import { COMMANDS as BASE_COMMANDS, UsageError } from './commands';
import { OPERATIONS } from './operations';

const COMMANDS = { ...BASE_COMMANDS, ...OPERATIONS };

function help(): string {
  const lines = ['Kanava operator commands', '', 'usage: npm run cli -- <command> [options]', ''];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage}`, `      ${c.summary}`, '');
  lines.push('The database is DATABASE_URL, or the embedded PostgreSQL in KANAVA_DATA_DIR (default ./data).');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  const config = loadConfig();
  await ready();
  const out = (line: string) => process.stdout.write(line + '\n');
  if (!command.needsDatabase) {
    await command.run(args, { db: undefined as never, config, out, audit: undefined as never, verifier: undefined as never });
    return 0;
  }
  // Second-factor secrets are sealed under the server secret: the CLI must use the server's.
  config.serverSecret ??= await loadOrCreateServerSecret(config.dataDir);
  let url = config.databaseUrl;
  let stop = async () => undefined as void;
  if (!url) {
    const pg = await startEmbeddedPostgres(config.dataDir, { onWaiting: (message) => process.stderr.write(`${message}\n`) });
    url = pg.url;
    stop = pg.stop;
  }
  const db = await createDataSource(url).initialize();
  try {
    await migrate(db);
    const chainer = new AuditChainer(db, config);
    const audit = new AuditRecorder(db, chainer);
    await command.run(args, { db, config, out, audit, verifier: new AuditVerifier(db) });
    // What the command recorded joins the chain before the process ends, not at some API's next sweep.
    await chainer.chainLeftovers();
    return 0;
  } finally {
    await db.destroy();
    await stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(process.exitCode ?? code),
  (e: unknown) => {
    if (e instanceof UsageError) process.stderr.write(`${e.message}\n(see: npm run cli -- help)\n`);
    else if (e instanceof DomainError || e instanceof ConfigError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
