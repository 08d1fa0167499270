import Link from 'next/link';

export default function HomePage() {
  return (
    <section className="card">
      <h1>A type-safe full stack</h1>
      <p>
        Sign in with Clerk, then open your <Link href="/profile">profile</Link>: it is served by the NestJS API through
        tRPC, typed end to end.
      </p>
    </section>
  );
}
