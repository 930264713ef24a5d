import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Role } from '../platform/identity/index.ts';
import { operator, withPlatform } from './context.ts';
import { createProgress } from './progress.ts';

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `jinguan users …`, `jinguan apikeys …` and `jinguan audit …`: every change audited as the operator. */
export function registerIdentityCommands(program: Command): void {
  const users = program.command('users').description('manage accounts');

  users
    .command('create <username>')
    .description('create an account; prints a generated password when none is given')
    .requiredOption('--kind <kind>', 'officer or enterprise')
    .option('--name <displayName>', 'display name')
    .option('--district <code>', "officer's customs district, e.g. 2200")
    .option('--enterprise <code>', "enterprise user's enterprise code")
    .option('--roles <roles>', 'comma-separated roles', list, [])
    .option('--password <password>', 'initial password')
    .action(
      async (
        username: string,
        o: {
          kind: 'officer' | 'enterprise';
          name?: string;
          district?: string;
          enterprise?: string;
          roles: Role[];
          password?: string;
        },
      ) => {
        const password = o.password ?? `${randomBytes(9).toString('base64url')}7a`;
        await withPlatform(async ({ identity }) => {
          const user = await identity.users.createUser(operator(), {
            username,
            displayName: o.name ?? username,
            kind: o.kind,
            district: o.district,
            enterpriseCode: o.enterprise,
            roles: o.roles,
            password,
          });
          console.log(
            `created ${user.kind} ${user.username} (${user.id}) roles: ${user.roles.join(', ') || '(none)'}`,
          );
          if (!o.password) console.log(`password: ${password}`);
        });
      },
    );

  users
    .command('list')
    .description('list accounts')
    .action(() =>
      withPlatform(async ({ identity }) => {
        for (const u of await identity.users.listUsers(operator())) {
          const where = u.kind === 'officer' ? u.district : u.enterpriseCode;
          console.log(
            `${u.username.padEnd(24)} ${u.kind.padEnd(10)} ${String(where).padEnd(10)} ${u.roles.join(',')}${u.disabled ? ' (disabled)' : ''}`,
          );
        }
      }),
    );

  users
    .command('reset-password <username>')
    .description('set a new password (prints a generated one when none is given); ends the sessions')
    .option('--password <password>', 'the new password')
    .action((username: string, o: { password?: string }) =>
      withPlatform(async ({ identity }) => {
        const user = await identity.users.findUserByName(username);
        if (!user) throw new Error(`no user ${username}`);
        const password = o.password ?? `${randomBytes(9).toString('base64url')}7a`;
        await identity.users.resetPassword(operator(), user.id, password);
        console.log(
          o.password ? `password of ${username} reset` : `new password of ${username}: ${password}`,
        );
      }),
    );

  users
    .command('reset-totp <username>')
    .description('issue a new one-time-code secret (shown once)')
    .action((username: string) =>
      withPlatform(async ({ identity }) => {
        const user = await identity.users.findUserByName(username);
        if (!user) throw new Error(`no user ${username}`);
        const { secret, otpauthUrl } = await identity.users.resetTotp(operator(), user.id);
        console.log(`secret: ${secret}\n${otpauthUrl}`);
      }),
    );

  const keys = program.command('apikeys').description('manage API keys of enterprises');
  keys
    .command('issue <enterpriseCode>')
    .description('issue an API key; the key is printed once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scopes <scopes>', 'comma-separated scopes', list, [])
    .action((enterpriseCode: string, o: { name: string; scopes: string[] }) =>
      withPlatform(async ({ identity }) => {
        const { apiKey, key } = await identity.users.issueApiKey(operator(), {
          enterpriseCode,
          name: o.name,
          scopes: o.scopes,
        });
        console.log(`issued ${apiKey.id} for ${apiKey.enterpriseCode}\nkey (shown once): ${key}`);
      }),
    );
  keys.command('list').action(() =>
    withPlatform(async ({ identity }) => {
      for (const k of await identity.users.listApiKeys(operator())) {
        console.log(
          `${k.id} ${k.enterpriseCode} ${k.name} [${k.scopes.join(',')}] last used ${k.lastUsedAt ?? 'never'}${k.revokedAt ? ' (revoked)' : ''}`,
        );
      }
    }),
  );
  keys.command('revoke <id>').action((id: string) =>
    withPlatform(async ({ identity }) => {
      await identity.users.revokeApiKey(operator(), id);
      console.log(`revoked ${id}`);
    }),
  );

  program
    .command('audit')
    .description('the audit trail')
    .command('verify')
    .description('check the whole hash chain; exits 1 and names the first broken record if it does not hold')
    .action(() =>
      withPlatform(async ({ identity }) => {
        let progress: ReturnType<typeof createProgress> | undefined;
        let last = 0;
        const result = await identity.audit.verify((checked, total) => {
          progress ??= createProgress('audit verify', total);
          progress.increment(checked - last);
          last = checked;
        });
        progress?.stop();
        if (result.ok) console.log(`audit trail intact: ${result.records} records`);
        else {
          console.log(
            `audit trail BROKEN at record ${result.firstBroken.seq}: ${result.firstBroken.reason} (${result.records} records verified before it)`,
          );
          process.exitCode = 1;
        }
      }),
    );
}
