import type { Entry, Field } from '../schema.ts';
import { api, empty, ERROR, ErrorCode, MESSAGE, THROTTLE, type ApiSchema } from './api.ts';

/**
 * Configuration, ACL, quota, SCRAM and delegation-token APIs. They name no topic for policy (a topic
 * rule never allows them); a denial answers each resource, ACL or user the request named (facts
 * from Kafka's message definitions).
 */
const { TOPIC_AUTHORIZATION_FAILED: TOPIC, GROUP_AUTHORIZATION_FAILED: GROUP, CLUSTER_AUTHORIZATION_FAILED: CLUSTER } = ErrorCode;
const TOKEN = ErrorCode.DELEGATION_TOKEN_AUTHORIZATION_FAILED;

/** Kafka's resource types with a right of their own: 2 topic, 3 group; the rest (broker, logger …) are the cluster's. */
function resourceError(_top: unknown, entry: Entry | null): number {
  const type = entry?.echo.get('ResourceType')?.value;
  return type === 2 ? TOPIC : type === 3 ? GROUP : CLUSTER;
}

const RESOURCE: Field[] = [
  { name: 'ResourceType', type: 'int8', role: 'echo' },
  { name: 'ResourceName', type: 'string', role: 'echo' },
];
const NULLABLE_STRING = (name: string): Field => ({ name, type: 'string', nullable: 0 });

const describeAcls = api(29, 'DescribeAcls', [0, 3], 2, CLUSTER, [THROTTLE, ERROR, MESSAGE, empty('Resources')]);

const createAcls = api(30, 'CreateAcls', [0, 3], 2, CLUSTER, [
  THROTTLE,
  { name: 'Results', type: [ERROR, MESSAGE], role: 'entries' },
], {
  request: [{ name: 'Creations', type: [
    { name: 'ResourceType', type: 'int8' },
    { name: 'ResourceName', type: 'string' },
    { name: 'ResourcePatternType', type: 'int8', versions: [1] },
    { name: 'Principal', type: 'string' },
    { name: 'Host', type: 'string' },
    { name: 'Operation', type: 'int8' },
    { name: 'PermissionType', type: 'int8' },
  ], role: 'entries' }],
});

const deleteAcls = api(31, 'DeleteAcls', [0, 3], 2, CLUSTER, [
  THROTTLE,
  { name: 'FilterResults', type: [ERROR, MESSAGE, empty('MatchingAcls')], role: 'entries' },
], {
  request: [{ name: 'Filters', type: [
    { name: 'ResourceTypeFilter', type: 'int8' },
    NULLABLE_STRING('ResourceNameFilter'),
    { name: 'PatternTypeFilter', type: 'int8', versions: [1] },
    NULLABLE_STRING('PrincipalFilter'),
    NULLABLE_STRING('HostFilter'),
    { name: 'Operation', type: 'int8' },
    { name: 'PermissionType', type: 'int8' },
  ], role: 'entries' }],
});

const describeConfigs = api(32, 'DescribeConfigs', [0, 4], 4, CLUSTER, [
  THROTTLE,
  { name: 'Results', type: [ERROR, MESSAGE, ...RESOURCE, empty('Configs')], role: 'entries' },
], {
  request: [
    { name: 'Resources', type: [...RESOURCE, { name: 'ConfigurationKeys', type: 'strings', nullable: 0 }], role: 'entries' },
    { name: 'IncludeSynonyms', type: 'bool', versions: [1] },
    { name: 'IncludeDocumentation', type: 'bool', versions: [3] },
  ],
  errorFor: resourceError,
});

/** AlterConfigs and IncrementalAlterConfigs: one answer per resource; `config` is one config change. */
const alterConfigs = (key: number, name: string, versions: readonly [number, number], flexibleFrom: number, config: Field[]) =>
  api(key, name, versions, flexibleFrom, CLUSTER, [
    THROTTLE,
    { name: 'Responses', type: [ERROR, MESSAGE, ...RESOURCE], role: 'entries' },
  ], {
    request: [
      { name: 'Resources', type: [...RESOURCE, { name: 'Configs', type: config }], role: 'entries' },
      { name: 'ValidateOnly', type: 'bool' },
    ],
    errorFor: resourceError,
  });

const createDelegationToken = api(38, 'CreateDelegationToken', [0, 3], 2, TOKEN, [
  ERROR,
  { name: 'PrincipalType', type: 'string' },
  { name: 'PrincipalName', type: 'string' },
  { name: 'TokenRequesterPrincipalType', type: 'string', versions: [3] },
  { name: 'TokenRequesterPrincipalName', type: 'string', versions: [3] },
  { name: 'IssueTimestampMs', type: 'int64', value: -1 },
  { name: 'ExpiryTimestampMs', type: 'int64', value: -1 },
  { name: 'MaxTimestampMs', type: 'int64', value: -1 },
  { name: 'TokenId', type: 'string' },
  { name: 'Hmac', type: 'bytes' },
  THROTTLE,
]);

/** Renew and Expire answer alike. */
const tokenExpiry = (key: number, name: string) =>
  api(key, name, [0, 2], 2, TOKEN, [ERROR, { name: 'ExpiryTimestampMs', type: 'int64', value: -1 }, THROTTLE]);

const describeDelegationToken = api(41, 'DescribeDelegationToken', [0, 3], 2, TOKEN, [ERROR, empty('Tokens'), THROTTLE]);

const describeClientQuotas = api(48, 'DescribeClientQuotas', [0, 1], 1, CLUSTER, [
  THROTTLE, ERROR, MESSAGE, { ...empty('Entries'), nullable: 0 },
]);

/** The entity (a list of type and name pairs) is repeated as sent. */
const QUOTA_ENTITY: Field = { name: 'Entity', type: [{ name: 'EntityType', type: 'string' }, NULLABLE_STRING('EntityName')], role: 'echo' };

const alterClientQuotas = api(49, 'AlterClientQuotas', [0, 1], 1, CLUSTER, [
  THROTTLE,
  { name: 'Entries', type: [ERROR, MESSAGE, QUOTA_ENTITY], role: 'entries' },
], {
  request: [
    { name: 'Entries', type: [
      QUOTA_ENTITY,
      { name: 'Ops', type: [{ name: 'Key', type: 'string' }, { name: 'Value', type: 'float64' }, { name: 'Remove', type: 'bool' }] },
    ], role: 'entries' },
    { name: 'ValidateOnly', type: 'bool' },
  ],
});

const describeUserScramCredentials = api(50, 'DescribeUserScramCredentials', [0, 0], 0, CLUSTER, [THROTTLE, ERROR, MESSAGE, empty('Results')]);

/** One answer per deletion and per upsertion, each naming its user. */
const SCRAM_USER: Field = { name: 'Name', type: 'string', role: 'echo', echoAs: 'User' };

const alterUserScramCredentials = api(51, 'AlterUserScramCredentials', [0, 0], 0, CLUSTER, [
  THROTTLE,
  { name: 'Results', type: [{ name: 'User', type: 'string', role: 'echo' }, ERROR, MESSAGE], role: 'entries' },
], {
  request: [
    { name: 'Deletions', type: [SCRAM_USER, { name: 'Mechanism', type: 'int8' }], role: 'entries' },
    { name: 'Upsertions', type: [
      SCRAM_USER,
      { name: 'Mechanism', type: 'int8' },
      { name: 'Iterations', type: 'int32' },
      { name: 'Salt', type: 'bytes' },
      { name: 'SaltedPassword', type: 'bytes' },
    ], role: 'entries' },
  ],
});

export const CONFIG_ACL_APIS: readonly ApiSchema[] = [
  describeAcls, createAcls, deleteAcls, describeConfigs,
  alterConfigs(33, 'AlterConfigs', [0, 2], 2, [{ name: 'Name', type: 'string' }, NULLABLE_STRING('Value')]),
  createDelegationToken, tokenExpiry(39, 'RenewDelegationToken'), tokenExpiry(40, 'ExpireDelegationToken'), describeDelegationToken,
  alterConfigs(44, 'IncrementalAlterConfigs', [0, 1], 1,
    [{ name: 'Name', type: 'string' }, { name: 'ConfigOperation', type: 'int8' }, NULLABLE_STRING('Value')]),
  describeClientQuotas, alterClientQuotas, describeUserScramCredentials, alterUserScramCredentials,
];
