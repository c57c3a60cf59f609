const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** What a client gets in place of the reply to a denied request (Cilium's DeniedMsg). */
export const DENIED_REPLY = bytes('CLIENT_ERROR access denied\r\n');

/**
 * Sent to the server in place of a denied request when replies cannot be counted (see ReplyQueue):
 * every memcached version answers it with one line of its own shape, `VERSION …`.
 */
export const BARRIER_REQUEST = bytes('version\r\n');
export const BARRIER_REPLY_TOKEN = 'VERSION';
