import Link from 'next/link';

import { buttonClass, cardClass } from '../components/ui/styles';

const FEATURES = [
  {
    title: 'Notes for your team',
    text: 'Write in your personal space or in an organization; roles decide who can read and who can change.',
  },
  {
    title: 'Organizations and roles',
    text: 'Create organizations, invite people, make them admins or members: Clerk runs accounts and sessions.',
  },
  {
    title: 'Typed end to end',
    text: 'A NestJS API behind tRPC: the web app calls it with types from the router, and never trusts the browser.',
  },
] as const;

/** The home page for visitors who are not signed in: what this is and how to start. */
export function Landing() {
  return (
    <>
      <section className="grid gap-4 py-4 sm:py-8">
        <p className="text-sm font-medium text-primary">stack</p>
        <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-5xl">
          Shared notes for your organization, signed in with Clerk.
        </h1>
        <p className="max-w-2xl text-lg text-muted">
          Sign up, create an organization, invite your team and write notes together. Everything you see is served by a
          typed API.
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href="/sign-up" className={buttonClass('primary', 'px-5')}>
            Create an account
          </Link>
          <Link href="/sign-in" className={buttonClass('secondary', 'px-5')}>
            Sign in
          </Link>
        </div>
      </section>
      <ul className="grid gap-4 sm:grid-cols-3" role="list">
        {FEATURES.map((feature) => (
          <li key={feature.title} className={cardClass('grid content-start gap-2')}>
            <h2 className="font-semibold">{feature.title}</h2>
            <p className="text-sm text-muted">{feature.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
