import type { ApiSchema } from './api.ts';
import { GROUP_APIS } from './group-apis.ts';
import { TOPIC_APIS } from './topic-apis.ts';

export type { ApiSchema } from './api.ts';

const BY_KEY = new Map<number, ApiSchema>([...TOPIC_APIS, ...GROUP_APIS].map((api) => [api.key, api]));

/** What we know about an API key; undefined for every other key (its request is never read). */
export function apiSchema(key: number): ApiSchema | undefined {
  return BY_KEY.get(key);
}

/** Whether the API names no topic, so a topic constraint does not apply to it. */
export function isTopicFree(api: ApiSchema | undefined): boolean {
  return api !== undefined && GROUP_APIS.includes(api);
}
