/**
 * Finds every stored prefix of a string with one binary search. Any stored prefix of `s` is
 * also a prefix of the greatest stored key <= s, so walking that key's chain of stored prefixes
 * (its "parents") visits all of them: the cost depends on nesting depth, not on the key count.
 */
export class PrefixIndex<V, G> {
  readonly #entries = new Map<string, { values: V[]; groups: G[] }>();
  #keys: string[] = [];
  #parents: Int32Array = new Int32Array(0);
  #slots: { values: V[]; groups: G[] }[] = [];

  add(prefix: string, value: V): void {
    this.#slot(prefix).values.push(value);
  }

  /** Attaches an opaque group (filtered by the caller) to a prefix. */
  addGroup(prefix: string, group: G): void {
    this.#slot(prefix).groups.push(group);
  }

  #slot(prefix: string): { values: V[]; groups: G[] } {
    let slot = this.#entries.get(prefix);
    if (!slot) this.#entries.set(prefix, (slot = { values: [], groups: [] }));
    return slot;
  }

  /** Call once after adding; sorts keys by UTF-16 code units, the order `<` and startsWith use. */
  freeze(): void {
    this.#keys = [...this.#entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.#slots = this.#keys.map((k) => this.#entries.get(k) as { values: V[]; groups: G[] });
    this.#parents = new Int32Array(this.#keys.length);
    const stack: number[] = [];
    this.#keys.forEach((key, i) => {
      while (stack.length > 0 && !key.startsWith(this.#keys[stack[stack.length - 1] as number] as string)) stack.pop();
      this.#parents[i] = stack.length > 0 ? (stack[stack.length - 1] as number) : -1;
      stack.push(i);
    });
  }

  visit(s: string, fn: (values: readonly V[], groups: readonly G[]) => void): void {
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as string) <= s) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    for (let i = found; i >= 0; i = this.#parents[i] as number) {
      if (s.startsWith(keys[i] as string)) {
        const slot = this.#slots[i] as { values: V[]; groups: G[] };
        fn(slot.values, slot.groups);
      }
    }
  }
}
