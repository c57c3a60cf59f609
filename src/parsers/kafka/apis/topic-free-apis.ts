import { api, empty, ERROR, ErrorCode, MESSAGE, THROTTLE, type ApiSchema } from './api.ts';

/**
 * APIs that name no topic: connection set-up, SASL, consumer-group coordination and a producer's
 * transaction bookkeeping. A topic constraint does not apply to them (Cilium's rule, which lets a
 * topic-scoped consumer join its group). Facts from Kafka's message definitions.
 */
const { GROUP_AUTHORIZATION_FAILED: GROUP, CLUSTER_AUTHORIZATION_FAILED: CLUSTER, TRANSACTIONAL_ID_AUTHORIZATION_FAILED: TXN } = ErrorCode;
const topicFree = { topicFree: true } as const;

/** The key's coordinator type: 0 group, 1 transaction (v0 names a group). */
const findCoordinator = api(10, 'FindCoordinator', [0, 6], 3, GROUP, [
  { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
  { name: 'ErrorCode', type: 'int16', versions: [0, 3], role: 'error' },
  { name: 'ErrorMessage', type: 'string', versions: [1, 3], nullable: 1 },
  { name: 'NodeId', type: 'int32', versions: [0, 3], value: -1 },
  { name: 'Host', type: 'string', versions: [0, 3] },
  { name: 'Port', type: 'int32', versions: [0, 3], value: -1 },
  // v4+: one coordinator per key asked for.
  { name: 'Coordinators', type: [
    { name: 'Key', type: 'string', role: 'echo' },
    { name: 'NodeId', type: 'int32', value: -1 },
    { name: 'Host', type: 'string' },
    { name: 'Port', type: 'int32', value: -1 },
    ERROR, MESSAGE,
  ], versions: [4], role: 'entries' },
], {
  ...topicFree,
  request: [
    { name: 'Key', type: 'string', versions: [0, 3] },
    { name: 'KeyType', type: 'int8', versions: [1], role: 'echo' },
    { name: 'CoordinatorKeys', type: 'strings', versions: [4], role: 'entries', echoAs: 'Key' },
  ],
  errorFor: (top) => (top.get('KeyType')?.value === 1 ? TXN : GROUP),
});

const joinGroup = api(11, 'JoinGroup', [0, 9], 6, GROUP, [
  { name: 'ThrottleTimeMs', type: 'int32', versions: [2] },
  ERROR,
  { name: 'GenerationId', type: 'int32', value: -1 },
  { name: 'ProtocolType', type: 'string', versions: [7], nullable: 7 },
  { name: 'ProtocolName', type: 'string', nullable: 7 },
  { name: 'Leader', type: 'string' },
  { name: 'SkipAssignment', type: 'bool', versions: [9] },
  { name: 'MemberId', type: 'string' },
  empty('Members'),
], topicFree);

const heartbeat = api(12, 'Heartbeat', [0, 4], 4, GROUP, [{ ...THROTTLE, versions: [1] }, ERROR], topicFree);

const leaveGroup = api(13, 'LeaveGroup', [0, 5], 4, GROUP, [{ ...THROTTLE, versions: [1] }, ERROR, empty('Members', [3])], topicFree);

const syncGroup = api(14, 'SyncGroup', [0, 5], 4, GROUP, [
  { ...THROTTLE, versions: [1] },
  ERROR,
  { name: 'ProtocolType', type: 'string', versions: [5], nullable: 5 },
  { name: 'ProtocolName', type: 'string', versions: [5], nullable: 5 },
  { name: 'Assignment', type: 'bytes' },
], topicFree);

const describeGroups = api(15, 'DescribeGroups', [0, 6], 5, GROUP, [
  { ...THROTTLE, versions: [1] },
  { name: 'Groups', type: [
    ERROR,
    { name: 'ErrorMessage', type: 'string', versions: [6], nullable: 6 },
    { name: 'GroupId', type: 'string', role: 'echo' },
    { name: 'GroupState', type: 'string' },
    { name: 'ProtocolType', type: 'string' },
    { name: 'ProtocolData', type: 'string' },
    empty('Members'),
    { name: 'AuthorizedOperations', type: 'int32', versions: [3], value: -2147483648 },
  ], role: 'entries' },
], {
  ...topicFree,
  request: [
    { name: 'Groups', type: 'strings', role: 'entries', echoAs: 'GroupId' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: [3] },
  ],
});

const listGroups = api(16, 'ListGroups', [0, 5], 3, CLUSTER, [{ ...THROTTLE, versions: [1] }, ERROR, empty('Groups')], topicFree);

const saslHandshake = api(17, 'SaslHandshake', [0, 1], Infinity, CLUSTER, [ERROR, { name: 'Mechanisms', type: 'strings' }], topicFree);

/** Always answered with response header v0, so that a client of any version can read it. */
const apiVersions = api(18, 'ApiVersions', [0, 4], 3, CLUSTER, [ERROR, empty('ApiKeys'), { ...THROTTLE, versions: [1] }], topicFree);

/** A transactional id asks for transactional-id rights; none (an idempotent producer) for cluster rights. */
const initProducerId = api(22, 'InitProducerId', [0, 5], 2, TXN, [
  THROTTLE, ERROR,
  { name: 'ProducerId', type: 'int64', value: -1 },
  { name: 'ProducerEpoch', type: 'int16', value: -1 },
], {
  ...topicFree,
  request: [
    { name: 'TransactionalId', type: 'string', nullable: 0, role: 'echo' },
    { name: 'TransactionTimeoutMs', type: 'int32' },
    { name: 'ProducerId', type: 'int64', versions: [3] },
    { name: 'ProducerEpoch', type: 'int16', versions: [3] },
  ],
  errorFor: (top) => (top.get('TransactionalId')?.value == null ? CLUSTER : TXN),
});

const addOffsetsToTxn = api(25, 'AddOffsetsToTxn', [0, 4], 3, TXN, [THROTTLE, ERROR], topicFree);

const endTxn = api(26, 'EndTxn', [0, 5], 3, TXN, [
  THROTTLE, ERROR,
  { name: 'ProducerId', type: 'int64', versions: [5], value: -1 },
  { name: 'ProducerEpoch', type: 'int16', versions: [5], value: -1 },
], topicFree);

const saslAuthenticate = api(36, 'SaslAuthenticate', [0, 2], 2, ErrorCode.SASL_AUTHENTICATION_FAILED, [
  ERROR, MESSAGE,
  { name: 'AuthBytes', type: 'bytes' },
  { name: 'SessionLifetimeMs', type: 'int64', versions: [1] },
], topicFree);

export const TOPIC_FREE_APIS: readonly ApiSchema[] = [
  findCoordinator, joinGroup, heartbeat, leaveGroup, syncGroup, describeGroups, listGroups, saslHandshake, apiVersions,
  initProducerId, addOffsetsToTxn, endTxn, saslAuthenticate,
];
