/** The user asked for something that cannot be done as asked; the message is one line. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}
