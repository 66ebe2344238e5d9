/** Mixture duration distributions in a scenario file. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/index.js';

const BASE = `name: x
duration: 1d
cards: { count: 100 }
issuers:
  count: 1
  host:
    servers: 2
    service:
      dist: mixture
      of:
        - { weight: 0.98, value: { dist: lognormal, mean: 150ms, sigma: 0.6 } }
        - { weight: 0.02, value: SLOW }
acquirers: { count: 1 }
merchants: { terminals: 10, categories: [{ name: grocery, mcc: 5411, share: 1, ticket: { dist: fixed, value: 100 } }] }
`;

describe('dist: mixture', () => {
  it('resolves its parts, nested distributions included', () => {
    const r = parseScenario(BASE.replace('SLOW', '{ dist: fixed, value: 2500ms }'));
    expect(r.errors).toEqual([]);
    expect(r.scenario?.issuers[0]?.host.service).toEqual({
      kind: 'mixture',
      parts: [
        { weight: 0.98, value: { kind: 'lognormal', meanUs: 150_000, sigma: 0.6 } },
        { weight: 0.02, value: { kind: 'fixed', valueUs: 2_500_000 } },
      ],
    });
  });

  it('names a bad part at its line and column', () => {
    const r = parseScenario(BASE.replace('SLOW', '{ dist: fixed, value: 2.5x }'));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: 12, path: 'issuers.host.service.of[1].value.value' });
  });
});
