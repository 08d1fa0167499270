import { cardClass } from '../components/ui/styles';

/** Shown while the notes load: a few cards' shapes, so nothing jumps when data arrives. */
export function NotesSkeleton({ count = 3 }: { count?: number }) {
  return (
    <section className="grid gap-3" aria-busy="true" aria-label="Loading notes" data-testid="notes-skeleton">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className={cardClass('grid gap-3')}>
          <div className="skeleton h-5 w-2/3" />
          <div className="skeleton h-4 w-2/5" />
        </div>
      ))}
    </section>
  );
}
