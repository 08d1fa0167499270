// Setup file of the web app's jsdom tests (vitest.workspace.ts). Testing Library's waitFor/findBy
// give up after 1 s by default: a render after a real HTTP round trip can take longer on a busy
// 2-core machine. They await the DOM, not a clock; the test's own timeout still bounds them.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
