import type { ApiSchema } from './api.ts';

/**
 * APIs that name no topic: connection set-up and consumer-group coordination. A topic constraint
 * does not apply to them (Cilium's rule, which lets a topic-scoped consumer join its group); their
 * bodies are not read. Responses are written for the versions listed.
 */
const GROUP_AUTHORIZATION_FAILED = 30;
const CLUSTER_AUTHORIZATION_FAILED = 31;

const findCoordinator: ApiSchema = {
  key: 10, name: 'FindCoordinator', versions: [0, 3], flexibleFrom: 3, error: GROUP_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
    { name: 'ErrorCode', type: 'int16', role: 'error' },
    { name: 'ErrorMessage', type: 'string', versions: [1], nullable: 1 },
    { name: 'NodeId', type: 'int32', value: -1 },
    { name: 'Host', type: 'string' },
    { name: 'Port', type: 'int32', value: -1 },
  ],
};

const joinGroup: ApiSchema = {
  key: 11, name: 'JoinGroup', versions: [0, 9], flexibleFrom: 6, error: GROUP_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [2] },
    { name: 'ErrorCode', type: 'int16', role: 'error' },
    { name: 'GenerationId', type: 'int32', value: -1 },
    { name: 'ProtocolType', type: 'string', versions: [7], nullable: 7 },
    { name: 'ProtocolName', type: 'string', nullable: 7 },
    { name: 'Leader', type: 'string' },
    { name: 'SkipAssignment', type: 'bool', versions: [9] },
    { name: 'MemberId', type: 'string' },
    { name: 'Members', type: [{ name: 'MemberId', type: 'string' }] },
  ],
};

const heartbeat: ApiSchema = {
  key: 12, name: 'Heartbeat', versions: [0, 4], flexibleFrom: 4, error: GROUP_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
    { name: 'ErrorCode', type: 'int16', role: 'error' },
  ],
};

const leaveGroup: ApiSchema = {
  key: 13, name: 'LeaveGroup', versions: [0, 5], flexibleFrom: 4, error: GROUP_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
    { name: 'ErrorCode', type: 'int16', role: 'error' },
    { name: 'Members', type: [{ name: 'MemberId', type: 'string' }], versions: [3] },
  ],
};

const syncGroup: ApiSchema = {
  key: 14, name: 'SyncGroup', versions: [0, 5], flexibleFrom: 4, error: GROUP_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
    { name: 'ErrorCode', type: 'int16', role: 'error' },
    { name: 'ProtocolType', type: 'string', versions: [5], nullable: 5 },
    { name: 'ProtocolName', type: 'string', versions: [5], nullable: 5 },
    { name: 'Assignment', type: 'bytes' },
  ],
};

const apiVersions: ApiSchema = {
  key: 18, name: 'ApiVersions', versions: [0, 3], flexibleFrom: 3, error: CLUSTER_AUTHORIZATION_FAILED,
  request: null,
  response: [
    { name: 'ErrorCode', type: 'int16', role: 'error' },
    { name: 'ApiKeys', type: [{ name: 'ApiKey', type: 'int16' }] },
    { name: 'ThrottleTimeMs', type: 'int32', versions: [1] },
  ],
};

/** Other APIs that name no topic; we cannot answer them, so denying one closes the connection. */
const unanswered = (key: number, name: string): ApiSchema => ({
  key, name, versions: [0, 0x7fff], flexibleFrom: Infinity, error: CLUSTER_AUTHORIZATION_FAILED, request: null, response: null,
});

export const GROUP_APIS: readonly ApiSchema[] = [
  findCoordinator, joinGroup, heartbeat, leaveGroup, syncGroup, apiVersions,
  unanswered(15, 'DescribeGroups'), unanswered(16, 'ListGroups'), unanswered(17, 'SaslHandshake'),
  unanswered(22, 'InitProducerId'), unanswered(25, 'AddOffsetsToTxn'), unanswered(26, 'EndTxn'),
  unanswered(36, 'SaslAuthenticate'),
];
