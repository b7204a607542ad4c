/** A scan could not start because an option or the start URL is unusable. The message is one line for the user. */
export class ScanOptionsError extends Error {
  readonly code = 'INVALID_OPTIONS';
}
