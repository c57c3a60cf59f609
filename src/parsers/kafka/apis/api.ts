import type { Field } from '../schema.ts';

/**
 * One Kafka API as the parser knows it. `request` null: the body is not read (the API names no
 * topic); `response` null: we cannot answer it, so a denial closes the connection instead.
 */
export interface ApiSchema {
  key: number;
  name: string;
  /** The versions whose request we decode and whose response we can write. */
  versions: readonly [number, number];
  /** First flexible (KIP-482) version; Infinity when there is none. */
  flexibleFrom: number;
  /** The error code a denial carries. */
  error: number;
  request: readonly Field[] | null;
  response: readonly Field[] | null;
}
