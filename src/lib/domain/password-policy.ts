/**
 * The shortest password an account may have. Apart from the account's zod schema (account.ts),
 * which only the server runs, so the admin page can state the rule without bundling zod
 * (docs/decisions/013-zod-mini-on-the-client.md).
 */
export const PASSWORD_MIN_LENGTH = 12;

/** Where a person changes their password, and where one who must choose theirs is sent. */
export const PASSWORD_PAGE = '/account/password';
