import { fuzz, FuzzWorld, requestArbitrary, setUpWorld } from './helpers/fuzz';

/**
 * Property-based fuzzing of every route the app serves (enumerated from its router),
 * as callers without staff rights: nobody, the reporter (valid bearer token) and a
 * staff session without its X-CSRF-Token. test/fuzz-staff sends the same kinds of
 * requests with valid staff sessions; the two files run in parallel.
 * Every answer is < 500, within its deadline, shaped {error, message} when it is an
 * error, and no batch of rejected requests changes the database (helpers/fuzz.ts
 * lists what reads and sign-in may change).
 */
describe('fuzz: public callers', () => {
  let world: FuzzWorld & { close(): Promise<void> };

  beforeAll(async () => {
    world = await setUpWorld();
  }, 60_000);
  afterAll(() => world?.close());

  it('survives 5,000 malformed and boundary requests unchanged', async () => {
    const started = Date.now();
    const stats = await fuzz(world, requestArbitrary(world, ['anonymous', 'reporter', 'staffWithoutCsrf']), { batches: 500, batchSize: 10, concurrency: 4 });
    console.log(`fuzz (public callers): ${stats.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`, JSON.stringify(stats));
    expect(stats.requests).toBeGreaterThanOrEqual(5_000);
    expect(stats.batchesCompared).toBeGreaterThan(400);
  }, 120_000);
});
