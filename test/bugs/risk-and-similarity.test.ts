import { describe, expect, it } from 'vitest';
import { riskOf } from '../../src/bugs/risk.ts';
import { similarityQuery } from '../../src/bugs/similar-bugs.ts';

describe('risk', () => {
  it.each([
    [1, 1, 1, 'low'], [2, 2, 4, 'low'], [1, 5, 5, 'medium'], [3, 3, 9, 'medium'],
    [2, 5, 10, 'high'], [3, 4, 12, 'high'], [3, 5, 15, 'critical'], [4, 4, 16, 'critical'], [5, 5, 25, 'critical'],
  ])('when probability is %i and impact %i, then risk is %i (%s)', (p, i, risk, band) => {
    expect(riskOf(p, i)).toEqual({ risk, band });
  });
});

describe('similarityQuery', () => {
  it('when there are several words, then any two of them must match', () => {
    expect(similarityQuery(['login', 'button', 'noth'])).toBe("('login' & 'button') | ('login' & 'noth') | ('button' & 'noth')");
  });
  it('when there is one word, then it alone is the query; none gives no query', () => {
    expect(similarityQuery(['crash'])).toBe("'crash'");
    expect(similarityQuery([])).toBeUndefined();
  });
  it('when a lexeme holds quotes or backslashes, then they are escaped', () => {
    expect(similarityQuery(["it's", 'a\\b'])).toBe("('it''s' & 'a\\\\b')");
  });
});
