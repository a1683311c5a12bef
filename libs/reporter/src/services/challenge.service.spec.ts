import { difficultyUnderLoad, MAX_POW_DIFFICULTY } from './challenge.service';

describe('proof-of-work difficulty under load', () => {
  it('adds 2 bits once recent submissions reach the threshold, never above 22', () => {
    expect(difficultyUnderLoad(20, 499, 500)).toBe(20);
    expect(difficultyUnderLoad(20, 500, 500)).toBe(22);
    expect(difficultyUnderLoad(4, 10_000, 500)).toBe(6);
    expect(difficultyUnderLoad(21, 500, 500)).toBe(MAX_POW_DIFFICULTY);
    expect(difficultyUnderLoad(22, 500, 500)).toBe(MAX_POW_DIFFICULTY);
  });
});
