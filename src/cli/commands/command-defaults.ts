// Defaults that `--help` shows, kept apart from the commands' code so that registering a command
// (which every run of the CLI does) loads nothing heavy.

/** Scans `dislike404 history` lists without `--limit`. */
export const DEFAULT_HISTORY_LIMIT = 20;

/** The name of a token made by `dislike404 tokens create` without `--name`. */
export const DEFAULT_TOKEN_NAME = 'created with dislike404 tokens create';
