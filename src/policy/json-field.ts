/** A proto3 JSON message as parsed JSON: field names in lowerCamelCase or as in the .proto file. */
export type JsonMessage = Record<string, unknown>;

/**
 * A field of a proto3 JSON message by its JSON name or, failing that, its original snake_case name
 * (parsers must accept both). Undefined when absent.
 */
export function field(o: JsonMessage, jsonName: string): unknown {
  const v = o[jsonName];
  if (v !== undefined) return v;
  return o[jsonName.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())];
}
