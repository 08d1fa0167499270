/** The notes page's heading: the organization's display name, or the personal space. */
export const notesTitle = (orgId: string | null, orgName: string | null) =>
  orgId ? `Notes of ${orgName ?? 'this organization'}` : 'Your personal notes';
