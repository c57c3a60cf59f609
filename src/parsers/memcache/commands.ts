/**
 * The command groups a rule's `command` names, with the text commands and binary opcodes in each
 * (Cilium's MemcacheOpCodeMap, plus the additions noted below). A text request is in a group when its
 * command is; a binary request when its opcode is.
 */
interface Group {
  text: readonly string[];
  binary: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const TABLE: Record<string, Group> = {
  add: { text: ['add'], binary: [0x02, 0x12] },
  set: { text: ['set'], binary: [0x01, 0x11] },
  replace: { text: ['replace'], binary: [0x03, 0x13] },
  append: { text: ['append'], binary: [0x0e, 0x19] },
  prepend: { text: ['prepend'], binary: [0x0f, 0x1a] },
  cas: { text: ['cas'], binary: [] },
  incr: { text: ['incr'], binary: [0x05, 0x15] },
  decr: { text: ['decr'], binary: [0x06, 0x16] },
  // Binary append and prepend (0x0e, 0x0f) are in storage and writeGroup here; Cilium lists only their
  // quiet forms, so a storage rule allowed appendq but not append.
  storage: {
    text: ['add', 'set', 'replace', 'append', 'prepend', 'cas', 'incr', 'decr'],
    binary: [0x01, 0x02, 0x03, 0x05, 0x06, 0x0e, 0x0f, 0x11, 0x12, 0x13, 0x15, 0x16, 0x19, 0x1a],
  },
  get: { text: ['get', 'gets'], binary: [0x00, 0x09, 0x0c, 0x0d] },
  delete: { text: ['delete'], binary: [0x04, 0x14] },
  touch: { text: ['touch'], binary: [0x1c] },
  // GATK and GATKQ (0x23, 0x24) are gat with the key returned; Cilium put them in no group.
  gat: { text: ['gat', 'gats'], binary: [0x1d, 0x1e, 0x23, 0x24] },
  writeGroup: {
    text: ['add', 'set', 'replace', 'append', 'prepend', 'cas', 'incr', 'decr', 'delete', 'touch'],
    binary: [...range(0x01, 0x06), 0x0e, 0x0f, ...range(0x11, 0x16), 0x19, 0x1a, 0x1c],
  },
  slabs: { text: ['slabs'], binary: [] },
  lru: { text: ['lru'], binary: [] },
  lru_crawler: { text: ['lru_crawler'], binary: [] },
  watch: { text: ['watch'], binary: [] },
  cache_memlimit: { text: ['cache_memlimit'], binary: [] },
  misbehave: { text: ['misbehave'], binary: [] },
  stats: { text: ['stats'], binary: [0x10] },
  flush_all: { text: ['flush_all'], binary: [0x08, 0x18] },
  version: { text: ['version'], binary: [0x0b] },
  quit: { text: ['quit'], binary: [0x07, 0x17] },
  // The text forms of noop (meta `mn`) and verbosity are added; Cilium had binary opcodes only.
  noop: { text: ['mn'], binary: [0x0a] },
  verbosity: { text: ['verbosity'], binary: [0x1b] },
  'sasl-list-mechs': { text: [], binary: [0x20] },
  'sasl-auth': { text: [], binary: [0x21] },
  'sasl-step': { text: [], binary: [0x22] },
  rget: { text: [], binary: [0x30] },
  rset: { text: [], binary: [0x31] },
  rsetq: { text: [], binary: [0x32] },
  rappend: { text: [], binary: [0x33] },
  rappendq: { text: [], binary: [0x34] },
  rprepend: { text: [], binary: [0x35] },
  rprependq: { text: [], binary: [0x36] },
  rdelete: { text: [], binary: [0x37] },
  rdeleteq: { text: [], binary: [0x38] },
  rincr: { text: [], binary: [0x39] },
  rincrq: { text: [], binary: [0x3a] },
  rdecr: { text: [], binary: [0x3b] },
  rdecrq: { text: [], binary: [0x3c] },
  'set-vbucket': { text: [], binary: [0x3d] },
  'get-vbucket': { text: [], binary: [0x3e] },
  'del-vbucket': { text: [], binary: [0x3f] },
  'tap-connect': { text: [], binary: [0x40] },
  'tap-mutation': { text: [], binary: [0x41] },
  'tap-delete': { text: [], binary: [0x42] },
  'tap-flush': { text: [], binary: [0x43] },
  'tap-opaque': { text: [], binary: [0x44] },
  'tap-vbucket-set': { text: [], binary: [0x45] },
  'tap-checkpoint-start': { text: [], binary: [0x46] },
  'tap-checkpoint-end': { text: [], binary: [0x47] },
};

/** A group compiled for matching. */
export interface CommandGroup {
  readonly name: string;
  readonly text: ReadonlySet<string>;
  /** Indexed by opcode. */
  readonly binary: readonly boolean[];
}

const GROUPS = new Map<string, CommandGroup>(Object.entries(TABLE).map(([name, g]) => {
  const binary = new Array<boolean>(256).fill(false);
  for (const op of g.binary) binary[op] = true;
  return [name, Object.freeze({ name, text: new Set(g.text), binary })];
}));

/** The group a rule's `command` names, or undefined for a name that is not a group. */
export function commandGroup(name: string): CommandGroup | undefined {
  return GROUPS.get(name);
}

export const GROUP_NAMES: readonly string[] = [...GROUPS.keys()];
