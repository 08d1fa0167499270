/**
 * Runs one teardown step, giving it `ms` to finish. A step that does not answer in time is
 * reported (with its name, so a CI log says which) and left behind instead of hanging the hook:
 * the worker's exit ends whatever it held (Playwright kills the browsers it launched).
 */
export async function closeWithin(what: string, close: () => Promise<unknown>, ms = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    if ((await Promise.race([close(), late])) === 'late')
      console.warn(`teardown: ${what} did not finish within ${ms} ms; left to the worker's exit`);
  } finally {
    clearTimeout(timer);
  }
}
