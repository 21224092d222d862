import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { sha256Hex, sha256HexOfBytes } from './sha256.js';

describe('sha256Hex', () => {
  // NIST FIPS 180-2, Appendix B: B.1 (one block), B.2 (two blocks), B.3 (one million "a").
  it('gives the FIPS 180-2 example digests', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  // The empty message (NIST CSRC "SHA256ShortMsg" vectors, Len = 0).
  it('hashes the empty text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes UTF-8 bytes, as node:crypto does, at every length around the block boundaries', () => {
    const rng = createRng(7);
    for (let length = 0; length < 200; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(rng.next() * 256));
      expect(sha256HexOfBytes(bytes), `length ${length}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const text = 'Zelensky — «мир» 和平 🕊️';
    expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});
