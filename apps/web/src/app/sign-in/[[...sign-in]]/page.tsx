import { SignIn } from '@clerk/nextjs';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <div className="grid justify-items-center">
      <h1 className="sr-only">Sign in</h1>
      <SignIn />
    </div>
  );
}
