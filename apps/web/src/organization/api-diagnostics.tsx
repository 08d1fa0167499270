import { cardClass } from '../components/ui/styles';
import { ActiveOrgPanel } from './active-org-panel';
import { ManageNotesControl } from './manage-notes-control';

/**
 * For developers (shown under `next dev`, or with API_DIAGNOSTICS=true): what the API makes of
 * this session's token, and a live check of the notes managers' gate.
 */
export function ApiDiagnostics() {
  return (
    <section className={cardClass('grid gap-3 border-dashed')} aria-labelledby="diagnostics-title">
      <div>
        <h2 id="diagnostics-title" className="text-lg font-semibold">
          API diagnostics
        </h2>
        <p className="text-sm text-muted">Development only (API_DIAGNOSTICS): what the API sees in your token.</p>
      </div>
      <ActiveOrgPanel />
      <ManageNotesControl />
    </section>
  );
}
