import { api, empty, ERROR, ErrorCode, MESSAGE, THROTTLE, type ApiSchema } from './api.ts';

/**
 * APIs between brokers and controllers (replica control, KRaft quorum, forwarding) and cluster
 * description. Kafka refuses an unauthorised caller with CLUSTER_AUTHORIZATION_FAILED in the
 * top-level error and nothing else; so do we (facts from Kafka's message definitions).
 */
const CLUSTER = ErrorCode.CLUSTER_AUTHORIZATION_FAILED;

export const CLUSTER_APIS: readonly ApiSchema[] = [
  api(4, 'LeaderAndIsr', [0, 7], 4, CLUSTER, [ERROR, empty('PartitionErrors', [0, 4]), empty('Topics', [5])]),
  api(5, 'StopReplica', [0, 4], 2, CLUSTER, [ERROR, empty('PartitionErrors')]),
  api(6, 'UpdateMetadata', [0, 8], 6, CLUSTER, [ERROR]),
  api(7, 'ControlledShutdown', [0, 3], 3, CLUSTER, [ERROR, empty('RemainingPartitions')]),
  api(52, 'Vote', [0, 1], 0, CLUSTER, [ERROR, empty('Topics')]),
  api(53, 'BeginQuorumEpoch', [0, 1], 1, CLUSTER, [ERROR, empty('Topics')]),
  api(54, 'EndQuorumEpoch', [0, 1], 1, CLUSTER, [ERROR, empty('Topics')]),
  api(55, 'DescribeQuorum', [0, 2], 0, CLUSTER, [
    ERROR, { ...MESSAGE, versions: [2] }, empty('Topics'), empty('Nodes', [2]),
  ]),
  api(56, 'AlterPartition', [0, 3], 0, CLUSTER, [THROTTLE, ERROR, empty('Topics')]),
  api(57, 'UpdateFeatures', [0, 2], 0, CLUSTER, [THROTTLE, ERROR, MESSAGE, empty('Results', [0, 1])]),
  api(58, 'Envelope', [0, 0], 0, CLUSTER, [THROTTLE, { name: 'ResponseData', type: 'bytes', nullable: 0 }, ERROR]),
  api(59, 'FetchSnapshot', [0, 1], 0, CLUSTER, [THROTTLE, ERROR, empty('Topics')]),
  api(60, 'DescribeCluster', [0, 2], 0, CLUSTER, [
    THROTTLE, ERROR, MESSAGE,
    { name: 'EndpointType', type: 'int8', versions: [1], value: 1 },
    { name: 'ClusterId', type: 'string' },
    { name: 'ControllerId', type: 'int32', value: -1 },
    empty('Brokers'),
    { name: 'ClusterAuthorizedOperations', type: 'int32', value: -2147483648 },
  ]),
];
