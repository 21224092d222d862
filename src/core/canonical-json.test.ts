import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The double with these IEEE-754 bits (16 hex digits, big-endian), as RFC 8785 Appendix B gives them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson (RFC 8785, JCS)', () => {
  it("RFC 8785 §3.2.2: the serialisation example's input gives the RFC's output", () => {
    // The input as the RFC prints it: JSON text with escapes and number spellings to normalise.
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  it('RFC 8785 §3.2.3: members sort by UTF-16 code units, an integer-like name among them', () => {
    const input = String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`;
    const values = [...canonicalJson(JSON.parse(input)).matchAll(/:"([^"]*)"/g)].map((match) => match[1]);
    expect(values).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
    expect(canonicalJson(JSON.parse(input)).startsWith(String.raw`{"\r":"Carriage Return","1":"One",`)).toBe(true);
  });

  // RFC 8785 Appendix B: IEEE-754 binary64 values and their JCS text.
  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('RFC 8785 Appendix B: %s is %s', (bits, text) => {
    expect(canonicalJson(fromBits(bits))).toBe(text);
    expect(canonicalJson([fromBits(bits)])).toBe(`[${text}]`);
  });

  it('RFC 8785 Appendix B: NaN and Infinity are errors, naming where they are', () => {
    expect(() => canonicalJson(fromBits('7fffffffffffffff'))).toThrow(/NaN/);
    expect(() => canonicalJson({ a: [1, fromBits('7ff0000000000000')] })).toThrow(/Infinity at a\[1\]/);
  });

  it('leaves out undefined members, writes an undefined array element as null, and uses toJSON, as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], e: undefined })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson({ at: new Date(Date.UTC(2025, 0, 1)) })).toBe('{"at":"2025-01-01T00:00:00.000Z"}');
  });

  it("sorts a scale's anchors as text, not as numbers (JavaScript lists integer-like keys first, in numeric order)", () => {
    expect(canonicalJson({ anchors: { 0: 'none', 25: 'a quarter', 100: 'all' } })).toBe('{"anchors":{"0":"none","100":"all","25":"a quarter"}}');
  });
});
