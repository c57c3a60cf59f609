import type { ApiSchema } from './api.ts';
import { CLUSTER_APIS } from './cluster-apis.ts';
import { CONFIG_ACL_APIS } from './config-acl-apis.ts';
import { TOPIC_ADMIN_APIS } from './topic-admin-apis.ts';
import { TOPIC_APIS } from './topic-apis.ts';
import { TOPIC_FREE_APIS } from './topic-free-apis.ts';

export type { ApiSchema } from './api.ts';
export { ErrorCode } from './api.ts';

/** Every API we know: keys 0 to 60. */
export const ALL_APIS: readonly ApiSchema[] = [...TOPIC_APIS, ...TOPIC_FREE_APIS, ...TOPIC_ADMIN_APIS, ...CONFIG_ACL_APIS, ...CLUSTER_APIS]
  .sort((a, b) => a.key - b.key);

const BY_KEY = new Map<number, ApiSchema>(ALL_APIS.map((api) => [api.key, api]));

/** What we know about an API key; undefined for every other key (its request is never read, its denial closes). */
export function apiSchema(key: number): ApiSchema | undefined {
  return BY_KEY.get(key);
}
