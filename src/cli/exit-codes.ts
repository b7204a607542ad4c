/** Documented in the README: scripts and CI depend on these never changing. */
export const EXIT_OK = 0;
export const EXIT_BROKEN = 1;
export const EXIT_USAGE = 2;
