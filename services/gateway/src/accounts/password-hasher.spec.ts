import { PasswordHasher } from './password-hasher';

// Small parameters: the format and the checks are what is tested, not the cost.
const hasher = new PasswordHasher({ N: 1024, r: 8, p: 1 });

describe('PasswordHasher', () => {
  it('stores the parameters and a random salt with the hash, never the password', async () => {
    const a = await hasher.hash('correct horse battery');
    const b = await hasher.hash('correct horse battery');
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
  });

  it('accepts the password and refuses any other', async () => {
    const stored = await hasher.hash('correct horse battery');
    await expect(hasher.verify('correct horse battery', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse batterY', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('checks a hash made with other parameters by the parameters stored with it', async () => {
    const old = await new PasswordHasher({ N: 512, r: 4, p: 2 }).hash('pässwörd-123');
    await expect(hasher.verify('pässwörd-123', old)).resolves.toBe(true);
    // The same text in another Unicode form (decomposed umlauts) is the same password.
    await expect(hasher.verify('pässwörd-123'.normalize('NFD'), old)).resolves.toBe(true);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$0$8$1$aa$bb', 'scrypt$1024$8$1$aa']) {
      await expect(hasher.verify('anything', stored)).resolves.toBe(false);
    }
  });

  it('spends a hash on unknown users too, and never accepts', async () => {
    await expect(hasher.verifyDummy('whatever')).resolves.toBe(false);
  });
});
