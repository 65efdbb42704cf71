/**
 * A withdrawn session (an administrator signed the user out everywhere, or the account was
 * disabled: SESSION_REVOKED): every answer to a request made with it carries this header, naming
 * the user whose data the device wipes (docs/decisions/017-device-passcode.md). The server's hook
 * sets it; the pages and the service worker read it. Apart from errors.ts so that reading it does
 * not bring the whole catalogue of messages into the form page.
 */
export const ACCESS_WITHDRAWN_HEADER = 'X-Access-Withdrawn';
