/**
 * A value read from the database and kept for `ttlMs`. Once loaded, `get()` never waits: a stale
 * value is served while a refresh runs in the background. Code inside a transaction can therefore
 * read it without asking the pool for a second connection (which, under load, could wait forever
 * for connections held by transactions that wait for this one).
 */
export class RefreshingCache<T> {
  private value?: { data: T; at: number };
  private loading?: Promise<T>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
  ) {}

  get(): Promise<T> {
    if (!this.value) return this.refresh();
    if (Date.now() - this.value.at > this.ttlMs) this.refresh().catch(() => undefined);
    return Promise.resolve(this.value.data);
  }

  /** Loads now (shared by concurrent callers); resolves with the fresh value. */
  refresh(): Promise<T> {
    this.loading ??= this.load()
      .then((data) => {
        this.value = { data, at: Date.now() };
        return data;
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}
