import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Whether Codex has anything to sign in with. Without credentials Codex does not fail: it
 * keeps reconnecting until it is stopped, so a missing sign-in would look like a hung
 * provider. ktx looks first (the auth file, an API key variable, or a configuration that
 * keeps credentials elsewhere) and says so at once. Undefined means "looks fine".
 */
export function missingSignIn(
  env: NodeJS.ProcessEnv,
  injected?: Record<string, unknown>,
): string | undefined {
  if (env.CODEX_API_KEY?.trim() || env.OPENAI_API_KEY?.trim()) return undefined;
  // A custom model provider brings its own credentials.
  if (injected && 'model_provider' in injected) return undefined;
  const home = env.CODEX_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.codex');
  if (existsSync(join(home, 'auth.json'))) return undefined;
  const configFile = join(home, 'config.toml');
  if (existsSync(configFile)) {
    const config = readFileSync(configFile, 'utf8');
    // Credentials in the OS keyring, or another provider: nothing ktx can see from here.
    if (/^\s*(cli_auth_credentials_store|model_provider|profile)\s*=/m.test(config)) return undefined;
  }
  return `no Codex sign-in found (${join(home, 'auth.json')} does not exist, and neither CODEX_API_KEY nor OPENAI_API_KEY is set)`;
}
