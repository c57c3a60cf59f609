/** What the client gets instead of a reply when its request is denied. */
export const DENIED_REPLY: Uint8Array = Uint8Array.from('ERROR\r\n', (c) => c.charCodeAt(0));
