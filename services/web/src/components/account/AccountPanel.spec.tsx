/** @jest-environment jsdom */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ApiClientError } from '../../lib/api-client';
import { AccountPanel } from './AccountPanel';
import { accountApi } from './account-api';
import { withQueryClient } from '../../testing/query-client';

jest.mock('./account-api', () => ({
  ...jest.requireActual<object>('./account-api'),
  accountApi: {
    whoAmI: jest.fn(),
    signUp: jest.fn(),
    signIn: jest.fn(),
    signOut: jest.fn(),
    changePassword: jest.fn(),
    deleteAccount: jest.fn(),
  },
}));

const mocked = accountApi as jest.Mocked<typeof accountApi>;

afterEach(() => {
  cleanup();
  jest.resetAllMocks();
});

function fill(form: HTMLElement, label: string, value: string): void {
  fireEvent.change(within(form).getByLabelText(label), { target: { value } });
}

describe('AccountPanel', () => {
  it('offers sign-in and sign-up with fields password managers understand', async () => {
    mocked.whoAmI.mockResolvedValue({ kind: 'anonymous' });
    render(withQueryClient(<AccountPanel />));
    const signin = await screen.findByRole('form', { name: 'Sign in' });
    const signup = screen.getByRole('form', { name: 'Create an account' });
    expect(within(signin).getByLabelText('Username').getAttribute('autocomplete')).toBe('username');
    expect(within(signin).getByLabelText('Password').getAttribute('autocomplete')).toBe(
      'current-password',
    );
    expect(within(signup).getByLabelText('Password').getAttribute('autocomplete')).toBe(
      'new-password',
    );
  });

  it("announces a failed sign-in as an alert tied to the fields, and a success's merged rows", async () => {
    mocked.whoAmI.mockResolvedValue({ kind: 'anonymous' });
    mocked.signIn.mockRejectedValueOnce(
      new ApiClientError(
        401,
        'The username or password is wrong',
        'Unauthorized',
        undefined,
        'INVALID_CREDENTIALS',
      ),
    );
    render(withQueryClient(<AccountPanel />));
    const form = await screen.findByRole('form', { name: 'Sign in' });
    fill(form, 'Username', 'ada');
    fill(form, 'Password', 'wrong password');
    fireEvent.submit(form);
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toBe('The username or password is wrong');
    const password = within(form).getByLabelText('Password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-errormessage')).toBe(alert.id);

    mocked.signIn.mockResolvedValueOnce({
      kind: 'account',
      username: 'ada',
      merged: { ratings: 3, skips: 1, notInterested: 0, watchlist: 0 },
    });
    fireEvent.submit(form);
    await screen.findByText('ada');
    expect(screen.getByRole('status').textContent).toBe(
      'Signed in as ada. 3 ratings, 1 skipped film from this browser were added to it.',
    );
    expect(mocked.signIn).toHaveBeenLastCalledWith({ username: 'ada', password: 'wrong password' });
  });

  it('shows a validation error in words, without the field name', async () => {
    mocked.whoAmI.mockResolvedValue({ kind: 'anonymous' });
    mocked.signUp.mockRejectedValue(
      new ApiClientError(
        400,
        'Invalid request body',
        'Bad Request',
        ['password: password must be at least 10 characters'],
        'VALIDATION',
      ),
    );
    render(withQueryClient(<AccountPanel />));
    const form = await screen.findByRole('form', { name: 'Create an account' });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'password must be at least 10 characters',
    );
  });

  it('deletes the account only after a confirmation with the password', async () => {
    mocked.whoAmI.mockResolvedValue({ kind: 'account', username: 'ada' });
    mocked.deleteAccount.mockResolvedValue(undefined);
    render(withQueryClient(<AccountPanel />));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete account…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(mocked.deleteAccount).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Delete account…' }));
    const form = screen.getByTestId('delete-form');
    fill(form, 'Password', 'the password 123');
    fireEvent.click(within(form).getByRole('button', { name: 'Delete my account' }));
    await screen.findByRole('form', { name: 'Sign in' });
    expect(mocked.deleteAccount).toHaveBeenCalledWith({ password: 'the password 123' });
    expect(screen.getByRole('status').textContent).toMatch(/deleted/);
  });
});
