import { SignUp } from '@clerk/nextjs';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Sign up' };

export default function SignUpPage() {
  return (
    <div className="grid justify-items-center">
      <h1 className="sr-only">Create your account</h1>
      <SignUp />
    </div>
  );
}
