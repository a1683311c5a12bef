import { fuzz, FuzzWorld, requestArbitrary, setUpWorld } from './helpers/fuzz';

/**
 * The fuzzer of test/fuzz-callers with valid staff sessions (cookie and X-CSRF-Token)
 * of every role, so generated bodies get past the guards into validation and the
 * services. Sign-out routes are left out: they end the session the fuzzer uses.
 */
describe('fuzz: staff sessions', () => {
  let world: FuzzWorld & { close(): Promise<void> };

  beforeAll(async () => {
    world = await setUpWorld();
  }, 60_000);
  afterAll(() => world?.close());

  it('survives 5,000 malformed and boundary requests unchanged', async () => {
    const started = Date.now();
    const routes = world.routes.filter((r) => !['/api/auth/logout', '/api/auth/logout-all'].includes(r.path));
    const stats = await fuzz(world, requestArbitrary(world, ['admin', 'handler', 'custodian', 'auditor'], routes), {
      batches: 500,
      batchSize: 10,
      concurrency: 4,
    });
    console.log(`fuzz (staff sessions): ${stats.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(stats));
    expect(stats.requests).toBeGreaterThanOrEqual(5_000);
    expect(stats.batchesCompared).toBeGreaterThan(300);
  }, 120_000);
});
