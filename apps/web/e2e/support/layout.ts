import type { Page } from 'playwright-core';

export interface LayoutReport {
  viewportWidth: number;
  /** The document's own width: wider than the viewport means horizontal scrolling. */
  documentWidth: number;
  /** Visible elements reaching past the left or right edge (outside any box that scrolls or clips them). */
  offscreen: string[];
}

/** What sticks out of the viewport horizontally, as a person on that screen would notice it. */
export function layoutReport(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const viewportWidth = document.documentElement.clientWidth;
    const clips = (el: Element) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowX);
    const clipped = (el: Element) => {
      for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement)
        if (clips(parent)) return true;
      return false;
    };
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' ? el.className.split(/\s+/).slice(0, 3).join('.') : '';
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${classes ? `.${classes}` : ''} "${text}"`;
    };
    const offscreen: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      if (rect.left >= -1 && rect.right <= viewportWidth + 1) continue;
      if (!clipped(el)) offscreen.push(`${describe(el)} [${Math.round(rect.left)}, ${Math.round(rect.right)}]`);
    }
    return { viewportWidth, documentWidth: document.documentElement.scrollWidth, offscreen };
  });
}

/** Whether the element is fully inside the viewport (reachable without scrolling sideways). */
export async function withinViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const width = await page.evaluate(() => document.documentElement.clientWidth);
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}
