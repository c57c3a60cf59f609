import type { Field } from '../schema.ts';
import { api, empty, ERROR, ErrorCode, MESSAGE, THROTTLE, type ApiSchema } from './api.ts';

/**
 * APIs that name topics but whose topics policy does not read (a topic rule never allows them):
 * topic administration, replica placement and transactional commits. A denial answers every topic
 * and partition the request named, as the broker does (facts from Kafka's message definitions).
 */
const { TOPIC_AUTHORIZATION_FAILED: TOPIC, GROUP_AUTHORIZATION_FAILED: GROUP, CLUSTER_AUTHORIZATION_FAILED: CLUSTER } = ErrorCode;

/** A topic array whose elements carry `fields` after the name. */
const topics = (name: string, fields: Field[], more: Partial<Field> = {}): Field =>
  ({ name, type: [{ name: 'Name', type: 'string', role: 'topic' }, ...fields], role: 'topics', ...more });
/** A partition array whose elements carry `fields` after the index. */
const partitions = (name: string, fields: Field[], more: Partial<Field> = {}): Field =>
  ({ name, type: [{ name: 'PartitionIndex', type: 'int32', role: 'partition' }, ...fields], role: 'partitions', ...more });
const partitionIndexes = (name: string): Field => ({ name, type: 'int32s', role: 'partitions' });

const createTopics = api(19, 'CreateTopics', [0, 7], 5, TOPIC, [
  { ...THROTTLE, versions: [2] },
  topics('Topics', [
    { name: 'TopicId', type: 'uuid', versions: [7] },
    ERROR,
    { name: 'ErrorMessage', type: 'string', versions: [1], nullable: 0 },
    { name: 'NumPartitions', type: 'int32', versions: [5], value: -1 },
    { name: 'ReplicationFactor', type: 'int16', versions: [5], value: -1 },
    { ...empty('Configs', [5]), nullable: 5 },
  ]),
], {
  request: [
    topics('Topics', [
      { name: 'NumPartitions', type: 'int32' },
      { name: 'ReplicationFactor', type: 'int16' },
      { name: 'Assignments', type: [{ name: 'PartitionIndex', type: 'int32' }, { name: 'BrokerIds', type: 'int32s' }] },
      { name: 'Configs', type: [{ name: 'Name', type: 'string' }, { name: 'Value', type: 'string', nullable: 0 }] },
    ]),
    { name: 'TimeoutMs', type: 'int32' },
    { name: 'ValidateOnly', type: 'bool', versions: [1] },
  ],
});

/** v0–5 name topics; v6 names them or gives their id (both echoed as sent). */
const deleteTopics = api(20, 'DeleteTopics', [0, 6], 4, TOPIC, [
  { ...THROTTLE, versions: [1] },
  { name: 'Responses', type: [
    { name: 'Name', type: 'string', versions: [0, 5], role: 'topic' },
    { name: 'Name', type: 'string', versions: [6], nullable: 6, role: 'echo' },
    { name: 'TopicId', type: 'uuid', versions: [6], role: 'echo' },
    ERROR,
    { name: 'ErrorMessage', type: 'string', versions: [5], nullable: 0 },
  ], role: 'topics' },
], {
  request: [
    { name: 'TopicNames', type: 'strings', versions: [0, 5], role: 'topics' },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', nullable: 6, role: 'echo' },
      { name: 'TopicId', type: 'uuid', role: 'echo' },
    ], versions: [6], role: 'topics' },
    { name: 'TimeoutMs', type: 'int32' },
  ],
});

const deleteRecords = api(21, 'DeleteRecords', [0, 2], 2, TOPIC, [
  THROTTLE,
  topics('Topics', [partitions('Partitions', [{ name: 'LowWatermark', type: 'int64', value: -1 }, ERROR])]),
], {
  request: [
    topics('Topics', [partitions('Partitions', [{ name: 'Offset', type: 'int64' }])]),
    { name: 'TimeoutMs', type: 'int32' },
  ],
});

const offsetForLeaderEpoch = api(23, 'OffsetForLeaderEpoch', [0, 4], 4, TOPIC, [
  { ...THROTTLE, versions: [2] },
  { name: 'Topics', type: [
    { name: 'Topic', type: 'string', role: 'topic' },
    { name: 'Partitions', type: [
      ERROR,
      { name: 'Partition', type: 'int32', role: 'partition' },
      { name: 'LeaderEpoch', type: 'int32', versions: [1], value: -1 },
      { name: 'EndOffset', type: 'int64', value: -1 },
    ], role: 'partitions' },
  ], role: 'topics' },
], {
  request: [
    { name: 'ReplicaId', type: 'int32', versions: [3] },
    topics('Topics', [partitions('Partitions', [
      { name: 'CurrentLeaderEpoch', type: 'int32', versions: [2] },
      { name: 'LeaderEpoch', type: 'int32' },
    ])]),
  ],
});

/** v4+ is sent by brokers, batched per transaction: answered with the top-level error alone. */
const addPartitionsToTxn = api(24, 'AddPartitionsToTxn', [0, 5], 3, TOPIC, [
  THROTTLE,
  { ...ERROR, versions: [4] },
  empty('ResultsByTransaction', [4]),
  topics('ResultsByTopicV3AndBelow', [partitions('ResultsByPartition', [ERROR])], { versions: [0, 3] }),
], {
  request: [
    { name: 'Transactions', type: [
      { name: 'TransactionalId', type: 'string' },
      { name: 'ProducerId', type: 'int64' },
      { name: 'ProducerEpoch', type: 'int16' },
      { name: 'VerifyOnly', type: 'bool' },
      { name: 'Topics', type: [{ name: 'Name', type: 'string' }, { name: 'Partitions', type: 'int32s' }] },
    ], versions: [4] },
    { name: 'V3AndBelowTransactionalId', type: 'string', versions: [0, 3] },
    { name: 'V3AndBelowProducerId', type: 'int64', versions: [0, 3] },
    { name: 'V3AndBelowProducerEpoch', type: 'int16', versions: [0, 3] },
    topics('V3AndBelowTopics', [partitionIndexes('Partitions')], { versions: [0, 3] }),
  ],
});

/** Broker to broker, one marker per producer with its topics: not answered (see docs/differences.md). */
const writeTxnMarkers = api(27, 'WriteTxnMarkers', [0, 1], 1, CLUSTER, null);

const txnOffsetCommit = api(28, 'TxnOffsetCommit', [0, 5], 3, TOPIC, [
  THROTTLE,
  topics('Topics', [partitions('Partitions', [ERROR])]),
], {
  request: [
    { name: 'TransactionalId', type: 'string' },
    { name: 'GroupId', type: 'string' },
    { name: 'ProducerId', type: 'int64' },
    { name: 'ProducerEpoch', type: 'int16' },
    { name: 'GenerationId', type: 'int32', versions: [3] },
    { name: 'MemberId', type: 'string', versions: [3] },
    { name: 'GroupInstanceId', type: 'string', versions: [3], nullable: 3 },
    topics('Topics', [partitions('Partitions', [
      { name: 'CommittedOffset', type: 'int64' },
      { name: 'CommittedLeaderEpoch', type: 'int32', versions: [2] },
      { name: 'CommittedMetadata', type: 'string', nullable: 0 },
    ])]),
  ],
});

const alterReplicaLogDirs = api(34, 'AlterReplicaLogDirs', [0, 2], 2, CLUSTER, [
  THROTTLE,
  { name: 'Results', type: [
    { name: 'TopicName', type: 'string', role: 'topic' },
    partitions('Partitions', [ERROR]),
  ], role: 'topics' },
], {
  request: [
    // The topics of every directory, answered in one list.
    { name: 'Dirs', type: [{ name: 'Path', type: 'string' }, topics('Topics', [partitionIndexes('Partitions')])] },
  ],
});

/** v0–2 have no error field: Kafka answers an unauthorised caller with no directories, and so do we. */
const describeLogDirs = api(35, 'DescribeLogDirs', [0, 4], 2, CLUSTER, [THROTTLE, { ...ERROR, versions: [3] }, empty('Results')]);

const createPartitions = api(37, 'CreatePartitions', [0, 3], 2, TOPIC, [
  THROTTLE,
  topics('Results', [ERROR, MESSAGE]),
], {
  request: [
    topics('Topics', [
      { name: 'Count', type: 'int32' },
      { name: 'Assignments', type: [{ name: 'BrokerIds', type: 'int32s' }], nullable: 0 },
    ]),
    { name: 'TimeoutMs', type: 'int32' },
    { name: 'ValidateOnly', type: 'bool' },
  ],
});

const deleteGroups = api(42, 'DeleteGroups', [0, 2], 2, GROUP, [
  THROTTLE,
  { name: 'Results', type: [{ name: 'GroupId', type: 'string', role: 'echo' }, ERROR], role: 'entries' },
], { request: [{ name: 'GroupsNames', type: 'strings', role: 'entries', echoAs: 'GroupId' }] });

/** A null topic list (every partition) is answered with the top-level error alone (none in v0). */
const electLeaders = api(43, 'ElectLeaders', [0, 2], 2, CLUSTER, [
  THROTTLE,
  { ...ERROR, versions: [1] },
  { name: 'ReplicaElectionResults', type: [
    { name: 'Topic', type: 'string', role: 'topic' },
    { name: 'PartitionResult', type: [{ name: 'PartitionId', type: 'int32', role: 'partition' }, ERROR, MESSAGE], role: 'partitions' },
  ], role: 'topics' },
], {
  request: [
    { name: 'ElectionType', type: 'int8', versions: [1] },
    { name: 'TopicPartitions', type: [{ name: 'Topic', type: 'string', role: 'topic' }, partitionIndexes('Partitions')],
      nullable: 0, role: 'topics' },
    { name: 'TimeoutMs', type: 'int32' },
  ],
});

const alterPartitionReassignments = api(45, 'AlterPartitionReassignments', [0, 0], 0, CLUSTER, [
  THROTTLE, ERROR, MESSAGE,
  topics('Responses', [partitions('Partitions', [ERROR, MESSAGE])]),
], {
  request: [
    { name: 'TimeoutMs', type: 'int32' },
    topics('Topics', [partitions('Partitions', [{ name: 'Replicas', type: 'int32s', nullable: 0 }])]),
  ],
});

const listPartitionReassignments = api(46, 'ListPartitionReassignments', [0, 0], 0, CLUSTER, [THROTTLE, ERROR, MESSAGE, empty('Topics')]);

/** The group is refused as a whole (top-level error, no topics), as Kafka answers a group it may not touch. */
const offsetDelete = api(47, 'OffsetDelete', [0, 0], Infinity, GROUP, [ERROR, THROTTLE, empty('Topics')]);

export const TOPIC_ADMIN_APIS: readonly ApiSchema[] = [
  createTopics, deleteTopics, deleteRecords, offsetForLeaderEpoch, addPartitionsToTxn, writeTxnMarkers, txnOffsetCommit,
  alterReplicaLogDirs, describeLogDirs, createPartitions, deleteGroups, electLeaders, alterPartitionReassignments,
  listPartitionReassignments, offsetDelete,
];
