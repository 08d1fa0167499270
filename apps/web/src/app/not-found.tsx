import Link from 'next/link';

import { PageHeader } from '../components/page-header';
import { buttonClass } from '../components/ui/styles';

export default function NotFound() {
  return (
    <>
      <PageHeader eyebrow="404" title="This page does not exist" description="The link may be old, or mistyped." />
      <div>
        <Link href="/" className={buttonClass()}>
          Go to the home page
        </Link>
      </div>
    </>
  );
}
