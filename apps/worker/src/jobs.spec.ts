import { JobRunner } from './jobs';

describe('JobRunner', () => {
  const logger = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };

  beforeEach(() => {
    jest.useFakeTimers();
    logger.log.mockClear();
    logger.error.mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('runs a job at start and on every interval, logging what it did', async () => {
    const job = jest.fn().mockResolvedValue(2);
    const runner = new JobRunner(logger);
    runner.every('sweep', 1000, job);
    expect(job).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(3000);
    expect(job).toHaveBeenCalledTimes(4);
    expect(logger.log).toHaveBeenCalledWith(expect.objectContaining({ job: 'sweep', count: 2 }), 'Worker');
    await runner.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(job).toHaveBeenCalledTimes(4);
  });

  it('never overlaps two runs of one job, and survives a failure', async () => {
    let release: (n: number) => void = () => undefined;
    const job = jest
      .fn()
      .mockImplementationOnce(() => new Promise<number>((r) => (release = r)))
      .mockRejectedValueOnce(new TypeError('boom'))
      .mockResolvedValue(0);
    const runner = new JobRunner(logger);
    runner.every('slow', 1000, job);
    await jest.advanceTimersByTimeAsync(2500); // two ticks while the first run is still going
    expect(job).toHaveBeenCalledTimes(1);
    release(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ job: 'slow', error: 'TypeError' }), undefined, 'Worker');
    await jest.advanceTimersByTimeAsync(1000);
    expect(job).toHaveBeenCalledTimes(3);
    await runner.stop();
  });
});
