/**
 * Element loaders by tag name. The classic entry registers one per element so the portal (and the
 * email-link fallback) can lazy-load an element without importing its module.
 */
type Loader = () => Promise<unknown>;

const loaders = new Map<string, Loader>();

export function registerElementLoader(tag: string, loader: Loader): void {
  if (!loaders.has(tag)) loaders.set(tag, loader);
}

export function hasElementLoader(tag: string): boolean {
  return loaders.has(tag) || !!customElements.get(tag);
}

/** Loads (once) and resolves to whether the element is now defined. */
export async function ensureElement(tag: string): Promise<boolean> {
  if (customElements.get(tag)) return true;
  const loader = loaders.get(tag);
  if (!loader) return false;
  await loader();
  return !!customElements.get(tag);
}

/** Defining twice (two script tags, or the script plus the npm build) is harmless. */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
