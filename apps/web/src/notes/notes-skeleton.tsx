/** Shown while the notes load: a few cards' shapes, so nothing jumps when data arrives. */
export function NotesSkeleton() {
  return (
    <section className="notes-list" aria-busy="true" aria-label="Loading notes" data-testid="notes-skeleton">
      {[0, 1, 2].map((i) => (
        <div key={i} className="card note">
          <div className="skeleton line wide" />
          <div className="skeleton line" />
        </div>
      ))}
    </section>
  );
}
