'use client';

import { type FormEvent, useState } from 'react';

import type { RouterInputs } from '@stack/api';
import type { UserProfile } from '@stack/contracts';

import { actionsClass, buttonClass, cardClass, fieldClass, fieldErrorClass, labelClass } from '../components/ui/styles';
import { httpStatusOf } from '../trpc/query-client';
import { rateLimitedMessage } from '../trpc/rate-limited';
import { api } from '../trpc/react';
import { useReloadClerkUser } from './clerk-user-sync';

type Field = 'firstName' | 'lastName';
/** What `profile.update` takes, from the router itself: renaming a field there breaks this form. */
type ProfilePatch = RouterInputs['profile']['update'];
const FIELDS: Field[] = ['firstName', 'lastName'];

const valuesOf = (profile: UserProfile) => ({ firstName: profile.firstName ?? '', lastName: profile.lastName ?? '' });

/**
 * Only what the person changed: an untouched field is never sent, so a name that is empty (a new
 * user who signed up with only an email) or that Clerk accepted under other rules (set in its
 * "Manage account" screen) never blocks an edit of the other one. Whitespace-only edits count as
 * unchanged, as the API trims.
 */
function changedFields(before: UserProfile, values: Record<Field, string>): ProfilePatch {
  const stored = valuesOf(before);
  const patch: ProfilePatch = {};
  for (const field of FIELDS) {
    if (values[field].trim() !== stored[field].trim()) patch[field] = values[field];
  }
  return patch;
}

/** Edits the names; shows the server's field errors next to the fields. */
export function ProfileForm({ profile }: { profile: UserProfile }) {
  const utils = api.useUtils();
  const reloadClerkUser = useReloadClerkUser();
  const [values, setValues] = useState(() => valuesOf(profile));
  const [notice, setNotice] = useState<'saved' | 'unchanged' | null>(null);
  const update = api.profile.update.useMutation({
    onSuccess: (updated) => {
      // The server returns the new profile: put it in the cache instead of refetching.
      utils.profile.me.setData(undefined, updated);
      setValues(valuesOf(updated)); // as the server stored them
      setNotice('saved');
      // Clerk's own components (<UserButton/>) show clerk-js's cached user: refresh it too.
      reloadClerkUser().catch(() => undefined); // best effort: the API already has the truth
    },
  });
  const fieldErrors = update.error?.data?.zodError?.fieldErrors ?? {};
  const formError = update.error && Object.keys(fieldErrors).length === 0 ? update.error : null;
  // No HTTP status: no answer at all (the request's deadline passed, or the network failed).
  const unavailable = formError !== null && [0, 502, 503, 504].includes(httpStatusOf(formError));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = changedFields(profile, values);
    if (Object.keys(patch).length === 0) {
      update.reset(); // an old error no longer describes the form
      setNotice('unchanged');
      return;
    }
    setNotice(null);
    update.mutate(patch);
  }

  const input = (field: Field, label: string) => {
    const errors = fieldErrors[field];
    return (
      <label className={labelClass}>
        <span>{label}</span>
        <input
          className={fieldClass}
          name={field}
          autoComplete={field === 'firstName' ? 'given-name' : 'family-name'}
          value={values[field]}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? `${field}-error` : undefined}
          onChange={(e) => setValues({ ...values, [field]: e.target.value })}
        />
        {errors && (
          <span id={`${field}-error`} className={fieldErrorClass} role="alert">
            {errors.join(' ')}
          </span>
        )}
      </label>
    );
  };

  return (
    <form id="name" className={cardClass('grid gap-4')} onSubmit={submit} aria-label="Edit profile">
      <h2 className="text-lg font-semibold">Your name</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        {input('firstName', 'First name')}
        {input('lastName', 'Last name')}
      </div>
      <div className={actionsClass}>
        <button type="submit" className={buttonClass()} disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        {notice && !update.isPending && (
          <span role="status" className={`text-sm ${notice === 'saved' ? 'text-success' : 'text-muted'}`}>
            {notice === 'saved' ? 'Saved' : 'No changes to save'}
          </span>
        )}
        {formError && (
          <span className={fieldErrorClass} role="alert">
            {rateLimitedMessage(formError) ??
              (unavailable ? 'The service is unavailable; try again shortly.' : 'Could not save your changes.')}
          </span>
        )}
      </div>
    </form>
  );
}
