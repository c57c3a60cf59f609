import { createRequire } from 'node:module';

/**
 * Request frames made offline by kafkajs 2.2.4's own per-version encoders (its internal
 * src/protocol, hence the pin), and its per-version response decoders to read our denials back.
 */
const require = createRequire(import.meta.url);

interface KafkajsApi {
  versions: string[];
  protocol(v: { version: string }): (args: object) => { request: KafkajsRequest; response: { decode(b: Buffer): Promise<any> } };
}
interface KafkajsRequest { apiKey: number; apiVersion: number; encode(): Promise<unknown> }

const api = (name: string): KafkajsApi => require(`kafkajs/src/protocol/requests/${name}/index.js`);
const frameRequest = require('kafkajs/src/protocol/request.js') as (o: object) => Promise<{ buffer: Buffer }>;

/** Example arguments per API (the union of the names its versions take). */
export const SAMPLES: Record<string, object> = {
  produce: {
    acks: 1, timeout: 1000,
    topicData: [
      { topic: 'orders', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'v' }] }, { partition: 2, messages: [{ value: 'w' }] }] },
      { topic: 'audit', partitions: [{ partition: 1, messages: [{ value: 'x' }] }] },
    ],
  },
  fetch: {
    replicaId: -1, maxWaitTime: 100, minBytes: 1, maxBytes: 1000, isolationLevel: 1, sessionId: 0, sessionEpoch: -1,
    forgottenTopics: [], rackId: '',
    topics: [{ topic: 'orders', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 1000 }] }],
  },
  metadata: { topics: ['orders', 'audit'], allowAutoTopicCreation: true },
  listOffsets: { replicaId: -1, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -1 }] }] },
  offsetCommit: { groupId: 'g', groupGenerationId: 1, memberId: 'm', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '5' }] }] },
  offsetFetch: { groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }] },
  findCoordinator: { groupId: 'g', coordinatorKey: 'g', coordinatorType: 0 },
  joinGroup: {
    groupId: 'g', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: '', protocolType: 'consumer',
    groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('m') }],
  },
  heartbeat: { groupId: 'g', groupGenerationId: 1, memberId: 'm' },
  syncGroup: { groupId: 'g', generationId: 1, memberId: 'm', groupAssignment: [] },
  leaveGroup: { groupId: 'g', memberId: 'm' },
  apiVersions: {},
};

export interface KafkajsFrame {
  api: string;
  version: number;
  apiKey: number;
  frame: Buffer;
  /** kafkajs's decoder for this version's response (the bytes after the correlation id). */
  decodeResponse(body: Buffer): Promise<any>;
}

/** Every version kafkajs can encode of `name`, as complete frames with `correlationId` and client id "tester". */
export async function kafkajsFrames(name: string, correlationId = 7): Promise<KafkajsFrame[]> {
  const out: KafkajsFrame[] = [];
  for (const version of api(name).versions) {
    const { request, response } = api(name).protocol({ version })(SAMPLES[name]);
    const framed = await frameRequest({ correlationId, clientId: 'tester', request });
    out.push({ api: name, version: Number(version), apiKey: request.apiKey, frame: framed.buffer, decodeResponse: (b) => response.decode(b) });
  }
  return out;
}
