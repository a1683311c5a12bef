import { DEFAULT_PEAK, downmixToMono, normalisePeak, peakOf, resample, VoiceErrorCode } from './index';

const sine = (hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

/** RMS over the middle half (away from the edges, where samples outside count as silence). */
function middleRms(x: Float32Array): number {
  let sum = 0;
  const from = x.length >> 2;
  const to = from * 3;
  for (let i = from; i < to; i++) sum += x[i] * x[i];
  return Math.sqrt(sum / (to - from));
}

describe('downmixToMono', () => {
  it('averages the channels into a new array', () => {
    const left = new Float32Array([1, 0.5, 0]);
    const right = new Float32Array([0, 0.5, -1]);
    const mono = downmixToMono([left, right]);
    expect(Array.from(mono)).toEqual([0.5, 0.5, -0.5]);
    const single = downmixToMono([left]);
    expect(single).toEqual(left);
    expect(single).not.toBe(left);
  });

  it('refuses no channels and channels of different lengths', () => {
    expect(() => downmixToMono([])).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadChannels }));
    expect(() => downmixToMono([new Float32Array(2), new Float32Array(3)])).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadChannels }));
  });
});

describe('normalisePeak', () => {
  it('scales the peak to −1 dBFS by default, up or down, and leaves silence silent', () => {
    expect(peakOf(normalisePeak(new Float32Array([0.1, -0.2, 0.05])))).toBeCloseTo(DEFAULT_PEAK, 6);
    expect(peakOf(normalisePeak(new Float32Array([3, -1]), 0.5))).toBeCloseTo(0.5, 6);
    expect(Array.from(normalisePeak(new Float32Array(3)))).toEqual([0, 0, 0]);
    expect(() => normalisePeak(new Float32Array(1), 1.5)).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadParameters }));
  });
});

describe('resample', () => {
  it('keeps the duration and a tone inside the band (48 kHz to 16 kHz and back up from 22,050 Hz)', () => {
    const down = resample(sine(1000, 48000, 0.2), 48000, 16000);
    expect(down).toHaveLength(3200);
    expect(middleRms(down)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    // the resampled tone is the tone at the new rate
    const expected = sine(1000, 16000, 0.2);
    for (let i = 800; i < 2400; i++) expect(Math.abs(down[i] - expected[i])).toBeLessThan(0.01);
    const up = resample(sine(440, 22050, 0.2), 22050, 16000);
    expect(up).toHaveLength(Math.round(0.2 * 22050 * (16000 / 22050)));
    expect(middleRms(up)).toBeCloseTo(0.5 / Math.SQRT2, 2);
  });

  it('removes content above the new Nyquist frequency instead of folding it back', () => {
    const down = resample(sine(11000, 48000, 0.2), 48000, 16000);
    expect(middleRms(down)).toBeLessThan(0.001);
  });

  it('refuses bad rates and returns a copy at the same rate', () => {
    const x = sine(100, 8000, 0.01);
    expect(resample(x, 8000, 8000)).toEqual(x);
    expect(resample(x, 8000, 8000)).not.toBe(x);
    expect(() => resample(x, 8000, 7999.5)).toThrow(expect.objectContaining({ code: VoiceErrorCode.BadSampleRate }));
  });
});
