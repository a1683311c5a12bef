import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.powDifficulty).toBe(20);
    expect(config.demo).toBe(true);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/kanava',
      KANAVA_DEMO: 'false',
      KANAVA_POW_DIFFICULTY: '12',
      KANAVA_PUBLIC_URL: 'https://report.example.org',
    });
    expect(config).toMatchObject({ port: 8080, demo: false, powDifficulty: 12, publicUrl: 'https://report.example.org' });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/kanava');
  });

  it.each([
    ['PORT', 'eighty', /PORT="eighty"/],
    ['DATABASE_URL', 'mysql://user:pw@x', /DATABASE_URL=\(hidden\)/],
    ['KANAVA_SMTP_URL', 'http://user:pw@x', /KANAVA_SMTP_URL=\(hidden\)/],
    ['KANAVA_POW_DIFFICULTY', '30', /KANAVA_POW_DIFFICULTY/],
    ['KANAVA_DEMO', 'maybe', /KANAVA_DEMO/],
    ['KANAVA_PUBLIC_URL', 'not a url', /KANAVA_PUBLIC_URL/],
  ])('rejects a bad %s naming the variable', (variable, value, pattern) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(pattern);
  });

  it('never prints a password from a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@x' })).not.toThrow(/s3cret/);
    expect(() => loadConfig({ KANAVA_SMTP_URL: 'http://user:s3cret@x' })).not.toThrow(/s3cret/);
  });

  it('never prints the server secret', () => {
    let message = '';
    try {
      loadConfig({ KANAVA_SERVER_SECRET: 'short-secret-value' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/KANAVA_SERVER_SECRET=\(hidden\)/);
    expect(message).not.toContain('short-secret-value');
  });
});
