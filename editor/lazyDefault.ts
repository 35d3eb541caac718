/**
 * A module's default export loaded on first need, as its own chunk: `load()` starts the import
 * (once) and resolves when `current()` holds the export; `current()` is null until then; `loaded`
 * resolves then too, without starting anything.
 */
export function lazyDefault<T>(importer: () => Promise<{ default: T }>): { load(): Promise<void>; current(): T | null; loaded: Promise<void> } {
  let value: T | null = null;
  let loading: Promise<void> | null = null;
  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  return {
    load: () =>
      (loading ??= importer().then((m) => {
        value = m.default;
        markLoaded();
      })),
    current: () => value,
    loaded,
  };
}
