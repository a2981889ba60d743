import { madeAtLabel, sourceNote } from './recommendation-source';

const now = new Date(2025, 4, 3, 16, 30); // 3 May 2025, 16:30 local time

describe('sourceNote', () => {
  it('says nothing for a list from the model', () => {
    expect(sourceNote({ kind: 'model' }, now)).toBeNull();
    expect(sourceNote(undefined, now)).toBeNull();
  });

  it("says when the user's last list was made, and why it is shown", () => {
    const at = new Date(2025, 4, 3, 9, 5).toISOString();
    expect(sourceNote({ kind: 'last', at, popular: 0 }, now)).toBe(
      'Showing your last recommendations (from 09:05) — the recommender is busy',
    );
    expect(sourceNote({ kind: 'last', at: 'yesterday', popular: 0 }, now)).toBe(
      'Showing your last recommendations — the recommender is busy',
    );
  });

  it('says when popular movies fill the rest of the last list', () => {
    const at = new Date(2025, 4, 3, 9, 5).toISOString();
    expect(sourceNote({ kind: 'last', at, popular: 3 }, now)).toBe(
      'Showing your last recommendations (from 09:05) and popular films — the recommender is busy',
    );
  });

  it('says popular movies stand in for the recommender', () => {
    expect(sourceNote({ kind: 'popular' }, now)).toBe(
      'Showing popular films while the recommender is unavailable',
    );
  });
});

describe('madeAtLabel', () => {
  it('gives the time today, and the day too before today', () => {
    expect(madeAtLabel(new Date(2025, 4, 3, 0, 0).toISOString(), now)).toBe('00:00');
    expect(madeAtLabel(new Date(2025, 4, 2, 23, 59).toISOString(), now)).toBe('2 May, 23:59');
  });
});
