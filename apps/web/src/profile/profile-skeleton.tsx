/** Shown while the profile loads: the card's shape, so nothing jumps when data arrives. */
export function ProfileSkeleton() {
  return (
    <section className="card" aria-busy="true" aria-label="Loading profile" data-testid="profile-skeleton">
      <div className="skeleton avatar" />
      <div className="skeleton line wide" />
      <div className="skeleton line" />
    </section>
  );
}
