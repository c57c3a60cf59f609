import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyError } from './errors.ts';
import { compileRegex } from './regex.ts';

/** Patterns Go's regexp.Compile accepts (Go 1.22+ syntax), some spelled in ways other engines refuse. */
const GO_ACCEPTS = [
  '(?i)abc', '(?s).', '(?m)^a$', '(?U)a+', '(?i:a)b', '(?-s:.)', '(?P<name>x)', '(?<name>x)', '(?P<a>x)|(?P<b>y)',
  '\\pL', '\\p{Greek}', '\\PL', '\\pN', '\\p{^Greek}', '[[:alpha:]]', '[[:^alpha:]]', '\\A', '\\z', '\\b', '\\B',
  '\\Q.*\\E', 'x{2,5}', 'x{1000}', 'x{0}', '\\x{10FFFF}', '\\x41', '[^\\n]', '[\\d\\-]', 'a*?', 'a+?', 'a??',
  '\\v', '\\0', '\\012', '', '|', '()',
];

/** Patterns Go's regexp.Compile rejects; a policy carrying one must be refused (NACK), never crash. */
const GO_REJECTS = [
  '(?=a)', '(?!a)', '(?<=a)', '(?<!a)', // lookaround
  '\\1', '\\8', '(?P=n)', // backreferences
  'a**', 'a++', 'a??+', 'x{2}{3}', '*a', 'a{2,1}', 'x{1001}', 'a{1000}{2}', // repetition
  '(a', 'a)', '[a', '(?i', '[z-a]', '[[:foo:]]', '\\p{Foo}', // structure and classes
  '\\C', '\\Z', '\\e', '\\cA', '(?#c)', '(?x)a', // escapes and flags Go does not have
  '(?P<n>a)(?P<n>b)', '(?<n>a)(?<n>b)', // duplicate group names
];

describe('compileRegex', () => {
  it('matches anywhere, like Go MatchString', () => {
    assert.equal(compileRegex('el').test('Hello'), true);
    assert.equal(compileRegex('^el').test('Hello'), false);
    assert.equal(compileRegex('^.el.o$').test('Hello'), true);
    assert.equal(compileRegex('').test(''), true);
  });

  it('accepts exactly what Go accepts', () => {
    for (const pattern of GO_ACCEPTS) assert.doesNotThrow(() => compileRegex(pattern), `Go accepts ${JSON.stringify(pattern)}`);
  });

  it('rejects what Go rejects with a PolicyError that names the pattern', () => {
    for (const pattern of GO_REJECTS) {
      assert.throws(() => compileRegex(pattern), (e: unknown) => e instanceof PolicyError && e.code === 'INVALID_L7_RULE' &&
                    e.message.includes(JSON.stringify(pattern)), `Go rejects ${JSON.stringify(pattern)}`);
    }
  });

  it('gives Go semantics to the syntax it shares with other engines', () => {
    assert.equal(compileRegex('(?i)HELLO').test('hello'), true);
    assert.equal(compileRegex('\\pL+').test('ü'), true);
    assert.equal(compileRegex('^a.c$').test('a\nc'), false, '. does not match \\n without (?s)');
    assert.equal(compileRegex('(?s)^a.c$').test('a\nc'), true);
    assert.equal(compileRegex('^a$').test('x\na\n'), false, '^ and $ are text anchors without (?m)');
    assert.equal(compileRegex('(?m)^a$').test('x\na\n'), true);
    assert.equal(compileRegex('\\Q.*\\E').test('a.*b'), true);
    assert.equal(compileRegex('\\Q.*\\E').test('ab'), false);
    assert.equal(compileRegex('^\\d+$').test('١٢'), false, '\\d is ASCII only in Go');
  });

  it('decodes raw bytes as Go does: each invalid UTF-8 byte is one U+FFFD', () => {
    // E2 82 is a truncated 3-byte sequence: Go sees two runes and 'A'; a WHATWG decoder sees one.
    const bytes = Uint8Array.of(0xe2, 0x82, 0x41);
    assert.equal(compileRegex('^.{3}$').testBytes(bytes), true);
    assert.equal(compileRegex('^\\x{FFFD}\\x{FFFD}A$').testBytes(bytes), true);
    assert.equal(compileRegex('^.$').testBytes(Uint8Array.of(0xff)), true);
    assert.equal(compileRegex('^é$').testBytes(new TextEncoder().encode('é')), true);
  });

  it('answers the same on short and long inputs, whichever re2js engine serves them', () => {
    const filler = 'x'.repeat(300);
    const cases: Array<[string, string, boolean]> = [
      ['DROP TABLE [a-z]+;', `${filler}DROP TABLE users;`, true],
      ['DROP TABLE [a-z]+;', `${filler}DROP TABLE 1;`, false],
      ['DROP TABLE [a-z]+;', 'DROP TABLE t;', true],
      ['^DROP', `${filler}DROP`, false],
      ['(?i)drop table', `${filler}DrOp TaBlE`, true],
      ['é+z', `${filler}ééz`, true],
    ];
    for (const [pattern, input, expected] of cases) {
      const re = compileRegex(pattern);
      assert.equal(re.test(input), expected, `${pattern} on ${input.length} chars`);
      assert.equal(re.testBytes(new TextEncoder().encode(input)), expected, `${pattern} on ${input.length} chars as bytes`);
    }
  });

  it('runs in linear time on patterns that make backtracking engines explode', () => {
    // Each pair takes V8's RegExp seconds to minutes at these sizes (exponential backtracking); RE2
    // semantics make it one pass. Asserting the outcome (no hang, no match) is the behaviour.
    const cases: Array<[string, string]> = [
      ['(a+)+b', 'a'.repeat(100_000) + 'c'],
      ['(a|a)*b', 'a'.repeat(100_000)],
      ['^(\\w+\\s?)*$', 'word '.repeat(20_000) + '!'],
      ['(x+x+)+y', 'x'.repeat(50_000)],
    ];
    for (const [pattern, input] of cases) {
      const re = compileRegex(pattern);
      assert.equal(re.test(input), false, pattern);
      assert.equal(re.testBytes(new TextEncoder().encode(input)), false, pattern);
    }
  });
});
