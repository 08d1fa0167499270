import { cardClass } from '../components/ui/styles';

/** Shown while the profile loads: the card's shape, so nothing jumps when data arrives. */
export function ProfileSkeleton() {
  return (
    <section
      className={cardClass('flex items-center gap-4')}
      aria-busy="true"
      aria-label="Loading profile"
      data-testid="profile-skeleton"
    >
      <div className="skeleton size-16 shrink-0 rounded-full" />
      <div className="grid w-full gap-3">
        <div className="skeleton h-5 w-2/3" />
        <div className="skeleton h-4 w-2/5" />
      </div>
    </section>
  );
}
