/**
 * One named step of a story test: a test that follows one user through a journey whose steps
 * build on each other (signed in, then a note created, then edited...). Splitting such a journey
 * into tests makes each depend on the one before; as steps of one test it stays one test that
 * passes alone, and a failure still says which step broke.
 */
export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) error.message = `step "${name}": ${error.message}`;
    throw error;
  }
}
