/**
 * Runs `work` over `items` with at most `limit` in flight, keeping the order of results. `shouldStart`
 * is asked before each item starts; an item it refuses gets `skipped(item)` as its result.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: { shouldStart?: () => boolean; skipped?: (item: T) => R } = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (options.shouldStart && !options.shouldStart() && options.skipped) {
        results[index] = options.skipped(item);
        continue;
      }
      results[index] = await work(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
