import { catalogueTitles, titleKey } from './title-key';

describe('titleKey', () => {
  it.each([
    ['The Matrix', 'Matrix, The'],
    ['Amélie', 'Amelie'],
    ['Star Wars: Episode IV – A New Hope', 'Star Wars: Episode IV - A New Hope'],
    ['The Lord of the Rings', 'Lord of the Rings, The'],
    ["L'Appartement", "Appartement, L'"],
    ['La Cité des enfants perdus', 'Cité des enfants perdus, La'],
    [
      'Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb',
      'Dr Strangelove or How I Learned to Stop Worrying & Love the Bomb',
    ],
    ['WALL·E', 'WALL-E'],
    ['Schindler’s List', "Schindler's List"],
  ])('gives %j and %j the same key', (a, b) => {
    expect(titleKey(a)).toBe(titleKey(b));
  });

  it('keeps titles apart that only look alike', () => {
    expect(titleKey('Die Hard')).toBe('die hard');
    expect(titleKey('Heat')).not.toBe(titleKey('The Heat'));
    expect(titleKey('Heat', true)).toBe(titleKey('The Heat', true));
  });
});

describe('catalogueTitles', () => {
  it('reads the alternative titles MovieLens puts in parentheses', () => {
    expect(catalogueTitles('Seven (a.k.a. Se7en)')).toEqual(['Seven', 'Se7en']);
    expect(catalogueTitles('City of Lost Children, The (Cité des enfants perdus, La)')).toEqual([
      'City of Lost Children, The',
      'Cité des enfants perdus, La',
    ]);
    expect(catalogueTitles('Toy Story')).toEqual(['Toy Story']);
  });
});
