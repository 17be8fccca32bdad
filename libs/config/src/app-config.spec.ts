import { ConfigError, parseConfig } from './app-config';

describe('parseConfig', () => {
  it('applies the documented defaults and picks the embedded database without DATABASE_URL', () => {
    const config = parseConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database.mode).toBe('embedded');
    expect(config.database.dataDir).toBe('./data');
    expect(config.seed.demoPassword).toBe('rectify-demo');
    expect(config.seed.demo).toBeUndefined();
    expect(config.sweeper.enabled).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: expected an integer between 0 and 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT: expected an integer between 0 and 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL: .*"loud"/],
    [{ SEED_DEMO: 'maybe' }, /SEED_DEMO: expected true or false/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: expected a postgres:\/\/ connection URL/],
    [{ DEMO_PASSWORD: 'short' }, /DEMO_PASSWORD: expected at least 8 characters \(got "\*\*\*"\)/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('requires JWT_SECRET when a database server is configured', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://localhost/rectify' })).toThrow(
      'Invalid configuration: JWT_SECRET: required when DATABASE_URL is set (at least 32 characters)',
    );
    const config = parseConfig({ DATABASE_URL: 'postgres://localhost/rectify', JWT_SECRET: 'x'.repeat(32) });
    expect(config.database.mode).toBe('server');
  });

  it('refuses an external identity provider key without the issuer and audience its tokens must carry', () => {
    const key = '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----';
    expect(() => parseConfig({ JWT_PUBLIC_KEY: key })).toThrow(/^Invalid configuration: JWT_ISSUER: required with JWT_PUBLIC_KEY/);
    expect(() => parseConfig({ JWT_PUBLIC_KEY: key, JWT_ISSUER: 'https://idp.example' })).toThrow(/^Invalid configuration: JWT_AUDIENCE: required/);
    const config = parseConfig({ JWT_PUBLIC_KEY: key, JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'rectify' });
    expect(config.auth).toMatchObject({ jwtIssuer: 'https://idp.example', jwtAudience: 'rectify' });
  });

  it('reads booleans the way people write them', () => {
    expect(parseConfig({ SEED_DEMO: 'true' }).seed.demo).toBe(true);
    expect(parseConfig({ SEED_DEMO: '0' }).seed.demo).toBe(false);
    expect(parseConfig({ SWEEPER: 'off' }).sweeper.enabled).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).database.mode).toBe('embedded');
  });
});
