import { VoiceError, VoiceErrorCode } from './errors';

/**
 * A source of cryptographically secure random bytes: in the browser
 * `(n) => crypto.getRandomValues(new Uint8Array(n))`, or `randomBytes` of
 * `@kanava/crypto`. Tests pass a seeded generator to get reproducible output.
 */
export type RandomBytes = (length: number) => Uint8Array;

function bytesFrom(random: RandomBytes, length: number): Uint8Array {
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new VoiceError(VoiceErrorCode.BadRandom, `the random source must return a Uint8Array of ${length} bytes`);
  }
  return bytes;
}

/** Uniform numbers in [0, 1) with 53 random bits each, drawn from a {@link RandomBytes} source. */
export class Uniform {
  constructor(private readonly random: RandomBytes) {}

  /** A number in [0, 1). */
  next(): number {
    const b = bytesFrom(this.random, 8);
    const high = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 5; // 27 bits
    const low = ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A number in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** True or false with equal probability. */
  coin(): boolean {
    return (bytesFrom(this.random, 1)[0] & 1) === 1;
  }

  /** Four 32-bit words, not all zero (a seed for {@link FastNoise}). */
  seed(): Uint32Array {
    for (;;) {
      const b = bytesFrom(this.random, 16);
      const words = new Uint32Array(4);
      for (let i = 0; i < 4; i++) words[i] = ((b[4 * i] << 24) | (b[4 * i + 1] << 16) | (b[4 * i + 2] << 8) | b[4 * i + 3]) >>> 0;
      if (words[0] | words[1] | words[2] | words[3]) return words;
    }
  }
}

/**
 * xoshiro128** (Blackman and Vigna): the fast generator behind the excitation
 * noise, the pitch jitter and the shimmer, seeded once per recording from the
 * caller's CSPRNG. A CSPRNG call per sample would cost more than the whole
 * disguise; the noise's values protect nothing (they are audible in the output),
 * it only has to differ between recordings and repeat under a seeded source.
 */
export class FastNoise {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: Uint32Array) {
    if (seed.length !== 4 || !(seed[0] | seed[1] | seed[2] | seed[3]))
      throw new VoiceError(VoiceErrorCode.BadParameters, 'the noise seed must be four words, not all zero');
    [this.a, this.b, this.c, this.d] = seed;
  }

  /** The next 32-bit word. */
  nextWord(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [-1, 1). */
  signed(): number {
    return this.nextWord() / 2147483648 - 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
