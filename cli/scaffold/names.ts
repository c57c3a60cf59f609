import { UsageError } from '../errors.ts';

/** The spellings one parser name takes in generated code. */
export interface ParserNames {
  /** The wire name, as policies and `l7_proto` spell it: 'my-proto'. */
  proto: string;
  /** camelCase value name: 'myProto'. */
  name: string;
  /** PascalCase type name: 'MyProto'. */
  Name: string;
  /** CONSTANT_CASE: 'MY_PROTO'. */
  NAME: string;
}

/** Parser names as Cilium spells them: lowercase, [a-z0-9._-]; a letter first, so every spelling is an identifier. */
const VALID = /^[a-z][a-z0-9._-]*$/;

export function parserNames(proto: string): ParserNames {
  if (!VALID.test(proto)) {
    throw new UsageError(`new: "${proto}" is not a parser name: use lowercase letters, digits, ".", "_" or "-", starting with a letter`);
  }
  const words = proto.split(/[._-]+/).filter((w) => w !== '');
  const Name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return { proto, name: Name[0]!.toLowerCase() + Name.slice(1), Name, NAME: words.map((w) => w.toUpperCase()).join('_') };
}
