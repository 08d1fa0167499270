/** How `pnpm dev` wires the apps to Clerk, whichever Clerk it is. */
export interface DevClerk {
  /** Added to the API server's environment. */
  serverEnv: Record<string, string>;
  /** Added to the web app's environment. */
  webEnv: Record<string, string>;
  /** The banner's Clerk section, one line each. */
  banner: string[];
  close(): Promise<void>;
}
