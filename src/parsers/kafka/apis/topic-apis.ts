import type { Field } from '../schema.ts';
import type { ApiSchema } from './api.ts';

/**
 * The APIs that name topics and that we decode exactly: request and response layouts for the
 * versions listed (facts from Kafka's message definitions). A newer version is not guessed at: its
 * topics count as unknown, so a topic rule cannot allow it.
 */

const TOPIC_AUTHORIZATION_FAILED = 29;

const produce: ApiSchema = {
  key: 0, name: 'Produce', versions: [0, 11], flexibleFrom: 9, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    { name: 'TransactionalId', type: 'string', versions: [3], nullable: 3 },
    { name: 'Acks', type: 'int16', role: 'acks' },
    { name: 'TimeoutMs', type: 'int32' },
    { name: 'TopicData', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'PartitionData', type: [
        { name: 'Index', type: 'int32', role: 'partition' },
        { name: 'Records', type: 'bytes', nullable: 0 },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
  response: [
    { name: 'Responses', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'PartitionResponses', type: [
        { name: 'Index', type: 'int32', role: 'partition' },
        { name: 'ErrorCode', type: 'int16', role: 'error' },
        { name: 'BaseOffset', type: 'int64', value: -1 },
        { name: 'LogAppendTimeMs', type: 'int64', versions: [2], value: -1 },
        { name: 'LogStartOffset', type: 'int64', versions: [5], value: -1 },
        { name: 'RecordErrors', type: [{ name: 'BatchIndex', type: 'int32' }], versions: [8] },
        { name: 'ErrorMessage', type: 'string', versions: [8], nullable: 8 },
      ], role: 'partitions' },
    ], role: 'topics' },
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
  ],
};

const fetchPartition: Field[] = [
  { name: 'Partition', type: 'int32', role: 'partition' },
  { name: 'CurrentLeaderEpoch', type: 'int32', versions: [9] },
  { name: 'FetchOffset', type: 'int64' },
  { name: 'LastFetchedEpoch', type: 'int32', versions: [12] },
  { name: 'LogStartOffset', type: 'int64', versions: [5] },
  { name: 'PartitionMaxBytes', type: 'int32' },
];

const fetch: ApiSchema = {
  key: 1, name: 'Fetch', versions: [0, 12], flexibleFrom: 12, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    { name: 'ReplicaId', type: 'int32' },
    { name: 'MaxWaitMs', type: 'int32' },
    { name: 'MinBytes', type: 'int32' },
    { name: 'MaxBytes', type: 'int32', versions: [3] },
    { name: 'IsolationLevel', type: 'int8', versions: [4] },
    { name: 'SessionId', type: 'int32', versions: [7] },
    { name: 'SessionEpoch', type: 'int32', versions: [7] },
    { name: 'Topics', type: [
      { name: 'Topic', type: 'string', role: 'topic' },
      { name: 'Partitions', type: fetchPartition, role: 'partitions' },
    ], role: 'topics' },
    { name: 'ForgottenTopicsData', type: [
      { name: 'Topic', type: 'string', role: 'topic' },
      { name: 'Partitions', type: 'int32s' },
    ], versions: [7], role: 'forgotten' },
    { name: 'RackId', type: 'string', versions: [11] },
  ],
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
    { name: 'ErrorCode', type: 'int16', versions: [7] },
    { name: 'SessionId', type: 'int32', versions: [7] },
    { name: 'Responses', type: [
      { name: 'Topic', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'ErrorCode', type: 'int16', role: 'error' },
        { name: 'HighWatermark', type: 'int64', value: -1 },
        { name: 'LastStableOffset', type: 'int64', versions: [4], value: -1 },
        { name: 'LogStartOffset', type: 'int64', versions: [5], value: -1 },
        { name: 'AbortedTransactions', type: [{ name: 'ProducerId', type: 'int64' }], versions: [4], nullable: 4 },
        { name: 'PreferredReadReplica', type: 'int32', versions: [11], value: -1 },
        { name: 'Records', type: 'bytes', nullable: 0 },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
};

const listOffsets: ApiSchema = {
  key: 2, name: 'ListOffsets', versions: [0, 7], flexibleFrom: 6, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    { name: 'ReplicaId', type: 'int32' },
    { name: 'IsolationLevel', type: 'int8', versions: [2] },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'CurrentLeaderEpoch', type: 'int32', versions: [4] },
        { name: 'Timestamp', type: 'int64' },
        { name: 'MaxNumOffsets', type: 'int32', versions: [0, 0] },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [2] },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'ErrorCode', type: 'int16', role: 'error' },
        { name: 'OldStyleOffsets', type: [{ name: 'Offset', type: 'int64' }], versions: [0, 0] },
        { name: 'Timestamp', type: 'int64', versions: [1], value: -1 },
        { name: 'Offset', type: 'int64', versions: [1], value: -1 },
        { name: 'LeaderEpoch', type: 'int32', versions: [4], value: -1 },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
};

const metadata: ApiSchema = {
  key: 3, name: 'Metadata', versions: [0, 12], flexibleFrom: 9, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    // v0: an empty array means all topics; v1+: null means all topics.
    { name: 'Topics', type: [
      { name: 'TopicId', type: 'uuid', versions: [10] },
      { name: 'Name', type: 'string', nullable: 10, role: 'topic' },
    ], nullable: 1, role: 'topics' },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: [4] },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: [8, 10] },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: [8] },
  ],
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [3] },
    { name: 'Brokers', type: [{ name: 'NodeId', type: 'int32' }] },
    { name: 'ClusterId', type: 'string', versions: [2], nullable: 2 },
    { name: 'ControllerId', type: 'int32', versions: [1], value: -1 },
    { name: 'Topics', type: [
      { name: 'ErrorCode', type: 'int16', role: 'error' },
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'TopicId', type: 'uuid', versions: [10] },
      { name: 'IsInternal', type: 'bool', versions: [1] },
      { name: 'Partitions', type: [{ name: 'ErrorCode', type: 'int16' }] },
      { name: 'TopicAuthorizedOperations', type: 'int32', versions: [8], value: -2147483648 },
    ], role: 'topics' },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: [8, 10], value: -2147483648 },
  ],
};

const offsetCommit: ApiSchema = {
  key: 8, name: 'OffsetCommit', versions: [0, 8], flexibleFrom: 8, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    { name: 'GroupId', type: 'string' },
    { name: 'GenerationId', type: 'int32', versions: [1] },
    { name: 'MemberId', type: 'string', versions: [1] },
    { name: 'GroupInstanceId', type: 'string', versions: [7], nullable: 7 },
    { name: 'RetentionTimeMs', type: 'int64', versions: [2, 4] },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'CommittedOffset', type: 'int64' },
        { name: 'CommittedLeaderEpoch', type: 'int32', versions: [6] },
        { name: 'CommitTimestamp', type: 'int64', versions: [1, 1] },
        { name: 'CommittedMetadata', type: 'string', nullable: 0 },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [3] },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'ErrorCode', type: 'int16', role: 'error' },
      ], role: 'partitions' },
    ], role: 'topics' },
  ],
};

const offsetFetch: ApiSchema = {
  key: 9, name: 'OffsetFetch', versions: [0, 7], flexibleFrom: 6, error: TOPIC_AUTHORIZATION_FAILED, topicFree: false, readFor: 'policy',
  request: [
    { name: 'GroupId', type: 'string' },
    // v2+: null means every topic the group has offsets for.
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'PartitionIndexes', type: 'int32s', role: 'partitions' },
    ], nullable: 2, role: 'topics' },
    { name: 'RequireStable', type: 'bool', versions: [7] },
  ],
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [3] },
    { name: 'Topics', type: [
      { name: 'Name', type: 'string', role: 'topic' },
      { name: 'Partitions', type: [
        { name: 'PartitionIndex', type: 'int32', role: 'partition' },
        { name: 'CommittedOffset', type: 'int64', value: -1 },
        { name: 'CommittedLeaderEpoch', type: 'int32', versions: [5], value: -1 },
        { name: 'Metadata', type: 'string', nullable: 0 },
        { name: 'ErrorCode', type: 'int16', role: 'error' },
      ], role: 'partitions' },
    ], role: 'topics' },
    // The group itself is not refused, only its topics.
    { name: 'ErrorCode', type: 'int16', versions: [2] },
  ],
};

export const TOPIC_APIS: readonly ApiSchema[] = [produce, fetch, listOffsets, metadata, offsetCommit, offsetFetch];
