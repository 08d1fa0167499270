import Link from 'next/link';

import { buttonClass, cardClass } from '../components/ui/styles';

/**
 * For someone who signed up with only an email address: their notes would carry no author name
 * for everyone else. `onProfile`: already on /profile, so point at the form instead of linking.
 */
export function NamePrompt({ onProfile = false }: { onProfile?: boolean }) {
  return (
    <section
      className={cardClass('grid gap-3 border-primary/40 bg-accent-soft')}
      aria-labelledby="name-prompt-title"
      data-testid="name-prompt"
    >
      <h2 id="name-prompt-title" className="text-lg font-semibold">
        Add your name
      </h2>
      <p>Your teammates see it on the notes you write; until then they see no name at all.</p>
      {!onProfile && (
        <div>
          <Link href="/profile" className={buttonClass()}>
            Add your name
          </Link>
        </div>
      )}
    </section>
  );
}
