export interface RenderOptions {
  /** Text only: ANSI colours; the caller decides from TTY, NO_COLOR and flags. */
  color?: boolean;
  /** Text/Markdown: also list successes (present in `findings` only when the scan ran with --all). */
  showAll?: boolean;
  /** Text/Markdown: occurrences listed per finding before "… and N more". */
  maxOccurrencesShown?: number;
  /** Text/Markdown/HTML: list findings suppressed by the site's blacklist, with the rule (default: a count). */
  showSuppressed?: boolean;
}

export const DEFAULT_MAX_OCCURRENCES = 20;
