/**
 * A module's default export loaded on first need, as its own chunk: `load()` starts the import
 * (once) and resolves when `current()` holds the export; `current()` is null until then.
 */
export function lazyDefault<T>(importer: () => Promise<{ default: T }>): { load(): Promise<void>; current(): T | null } {
  let value: T | null = null;
  let loading: Promise<void> | null = null;
  return {
    load: () => (loading ??= importer().then((m) => void (value = m.default))),
    current: () => value,
  };
}
