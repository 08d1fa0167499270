'use client';

import { type FormEvent, useState } from 'react';

import type { UserProfile } from '@stack/api';

import { api } from '../trpc/react';

type Field = 'firstName' | 'lastName';

/** Edits the names; shows the server's field errors next to the fields. */
export function ProfileForm({ profile }: { profile: UserProfile }) {
  const utils = api.useUtils();
  const [values, setValues] = useState({ firstName: profile.firstName ?? '', lastName: profile.lastName ?? '' });
  const [saved, setSaved] = useState(false);
  const update = api.profile.update.useMutation({
    onSuccess: (updated) => {
      // The server returns the new profile: put it in the cache instead of refetching.
      utils.profile.me.setData(undefined, updated);
      setValues({ firstName: updated.firstName ?? '', lastName: updated.lastName ?? '' }); // as the server stored them
      setSaved(true);
    },
  });
  const fieldErrors = update.error?.data?.zodError?.fieldErrors ?? {};
  const formError = update.error && Object.keys(fieldErrors).length === 0 ? update.error : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    update.mutate({ firstName: values.firstName, lastName: values.lastName });
  }

  const input = (field: Field, label: string) => {
    const errors = fieldErrors[field];
    return (
      <label className="field">
        <span>{label}</span>
        <input
          name={field}
          value={values[field]}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? `${field}-error` : undefined}
          onChange={(e) => setValues({ ...values, [field]: e.target.value })}
        />
        {errors && (
          <span id={`${field}-error`} className="field-error" role="alert">
            {errors.join(' ')}
          </span>
        )}
      </label>
    );
  };

  return (
    <form className="card form" onSubmit={submit} aria-label="Edit profile">
      {input('firstName', 'First name')}
      {input('lastName', 'Last name')}
      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        {saved && !update.isPending && <span role="status">Saved</span>}
        {formError && (
          <span className="field-error" role="alert">
            {formError.data?.httpStatus === 503
              ? 'The service is unavailable; try again shortly.'
              : 'Could not save your changes.'}
          </span>
        )}
      </div>
    </form>
  );
}
