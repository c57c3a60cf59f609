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

const ACL = { resourceType: 2, resourceName: 'orders', resourcePatternType: 3, principal: 'User:bob', host: '*', operation: 3, permissionType: 3 };

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
  describeGroups: { groupIds: ['g1', 'g2'] },
  listGroups: {},
  saslHandshake: { mechanism: 'PLAIN' },
  saslAuthenticate: { authBytes: Buffer.from('\0user\0secret') },
  createTopics: { topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 1 }, { topic: 'audit' }] },
  deleteTopics: { topics: ['orders', 'audit'] },
  deleteRecords: { topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '5' }, { partition: 2, offset: '7' }] }] },
  initProducerId: { transactionalId: 'tx', transactionTimeout: 1000 },
  addPartitionsToTxn: { transactionalId: 'tx', producerId: '1', producerEpoch: 0, topics: [{ topic: 'orders', partitions: [0, 2] }] },
  addOffsetsToTxn: { transactionalId: 'tx', producerId: '1', producerEpoch: 0, groupId: 'g' },
  endTxn: { transactionalId: 'tx', producerId: '1', producerEpoch: 0, transactionResult: true },
  txnOffsetCommit: {
    transactionalId: 'tx', groupId: 'g', producerId: '1', producerEpoch: 0,
    topics: [{ topic: 'orders', partitions: [{ partition: 1, offset: '5' }] }],
  },
  describeAcls: { resourceType: 2, resourceName: 'orders', resourcePatternType: 3, principal: 'User:bob', host: '*', operation: 3, permissionType: 3 },
  createAcls: { creations: [ACL, { ...ACL, resourceName: 'audit' }] },
  deleteAcls: { filters: [ACL] },
  describeConfigs: { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }, { type: 4, name: '1' }] },
  alterConfigs: { resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '1' }] }, { type: 4, name: '1', configEntries: [] }] },
  createPartitions: { topicPartitions: [{ topic: 'orders', count: 5 }] },
  deleteGroups: ['g1', 'g2'],
  alterPartitionReassignments: { topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [1, 2] }] }] },
  listPartitionReassignments: {},
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
